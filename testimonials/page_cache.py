"""Published story pages kept for anonymous readers, and never served once withdrawn, unpublished or changed.

A story page reads the same for every reader who is not signed in, so its rendered answer is kept in the
"shared" cache (one for every web process and host), with a copy in each process's own, and served by
StoryPageCacheMiddleware before sessions, language and authentication run. Two things keep a withdrawn
or corrected story from going out:

- a generation, in the database (StoryPageCacheGeneration): each kept answer carries the generation read
  before its page was rendered, and `purge()` replaces it inside the transaction that changes what a story
  page shows (testimonials.signals), so it commits, or rolls back, with the change;
- one query on every hit, which asks both that the generation is still current and that the page is still
  live at the revision kept with its testimony still allowing publication: a change made without a purge
  still takes a withdrawn story down.

Only answers a page marks with `cacheable_as()` are kept (StoryPage.serve marks its own), for plain GETs
without a session. Nothing personal is in them: a story page shows only the redacted, approved text.
"""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db.models import Exists, Subquery
from django.http import HttpRequest, HttpResponse

from .compiled import CompiledQuery, compiled

logger = logging.getLogger(__name__)

# Cookies that can change what a page shows, or say a person is signed in: such requests pass the cache by.
_PERSONAL_COOKIES = ("messages",)
_MARK = "story_page_cache_entry"


@dataclass(frozen=True)
class Entry:
    """A rendered story page: what to send, and what must still hold for it to be sent."""

    generation: str
    page_id: int
    revision_id: int | None
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


def key_for(*, host: str, path: str) -> str:
    return f"story-page-cache:{host}:{path}"


def _key(request: HttpRequest) -> str:
    return key_for(host=request.get_host(), path=request.path)


def eligible(request: HttpRequest) -> bool:
    """Whether this request may be answered from the cache and its answer kept: a plain GET without a session."""
    if not settings.STORY_PAGE_CACHE_SECONDS or request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(name in cookies for name in _PERSONAL_COOKIES)


def cached_response(request: HttpRequest) -> HttpResponse | None:
    """The kept answer for this request, if it is still good to send.

    This process's own copy is tried first, then the shared cache's: the check below decides either way,
    so a copy kept here is as safe as the shared one, and a hit costs the check's query alone.
    """
    key = _key(request)
    entry = caches["default"].get(key)
    if not isinstance(entry, Entry) or not _still_good(entry):
        entry = _shared_entry(key)
        if entry is None:
            return None
        caches["default"].set(key, entry, timeout=settings.STORY_PAGE_CACHE_SECONDS)
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    return response


def _shared_entry(key: str) -> Entry | None:
    try:
        entry = caches["shared"].get(key)
    except Exception:
        logger.warning("The shared cache is unreachable; story pages are served without it.")
        return None
    return entry if isinstance(entry, Entry) and _still_good(entry) else None


def generation_now() -> str:
    """The current generation, to be read before a page reads what it shows."""
    # Compiled once: it is read on nearly every public request, and building it each time cost about as
    # much as running it.
    current = compiled("page-cache:generation", _generation_query).rows()
    return current[0][0] if current else _generation_replace()


def _generation_query() -> CompiledQuery:
    from .models import StoryPageCacheGeneration

    return CompiledQuery(StoryPageCacheGeneration.objects.filter(pk=1).values("value"))


def request_generation(request: HttpRequest) -> str:
    """The generation as this request first read it, once: read it before reading anything a page shows.

    It also keys what each process keeps of pages (home.templatetags.navigation.include_kept), which
    shows what the same changes purge: the menu, the language links, the organisation, a story's article.
    """
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = generation_now()
    return request._page_cache_generation


def generation_subquery() -> Subquery:
    """The current generation, to read in the same query as what a page shows (`generation_read_with`)."""
    from .models import StoryPageCacheGeneration

    return Subquery(StoryPageCacheGeneration.objects.filter(pk=1).values("value")[:1])


def generation_read_with(request: HttpRequest, value: str | None) -> None:
    """Take the generation a query read with what it found (`generation_subquery`): one query fewer."""
    if value and not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = value


def cacheable_as(response: HttpResponse, *, generation: str, page_id: int, revision_id: int | None) -> None:
    """Mark a page's answer as one the middleware may keep, with the generation read before rendering it."""
    if response.status_code == 200 and not response.streaming:
        setattr(response, _MARK, (generation, page_id, revision_id))


def response_keep(request: HttpRequest, response: HttpResponse) -> None:
    """Keep a marked answer, unless it was made for someone signed in or sets a cookie."""
    mark = getattr(response, _MARK, None)
    if mark is None or response.cookies or getattr(getattr(request, "user", None), "is_authenticated", False):
        return
    generation, page_id, revision_id = mark
    entry = Entry(generation, page_id, revision_id, response.status_code, tuple(response.items()), response.content)
    caches["default"].set(_key(request), entry, timeout=settings.STORY_PAGE_CACHE_SECONDS)
    try:
        caches["shared"].set(_key(request), entry, timeout=settings.STORY_PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("The shared cache is unreachable; a story page was not kept.")


def purge() -> None:
    """Forget every kept story page: call it inside the transaction that changes what they show."""
    _generation_replace()


def _generation_replace() -> str:
    from .models import StoryPageCacheGeneration

    value = secrets.token_hex(8)
    StoryPageCacheGeneration.objects.update_or_create(pk=1, defaults={"value": value})
    return value


def _still_good(entry: Entry) -> bool:
    query = compiled("page-cache:still-good", _still_good_query)
    return bool(query.rows(entry.page_id, entry.revision_id, entry.generation))


# Stand-ins compiled into the query once, to find where each entry's own values go.
_PAGE, _REVISION, _GENERATION = -7_001, -7_002, "story-page-cache:generation"


def _still_good_query() -> CompiledQuery:
    """Is the entry's generation current, and its page live at its revision with publication allowed?

    Built by the ORM from the rule's owner (StoryPage.publication_allowed) and compiled once per
    connection: the query runs on every hit, and building it each time would cost more than the whole answer.
    """
    from .models import StoryPage, StoryPageCacheGeneration

    current = StoryPageCacheGeneration.objects.filter(pk=1, value=_GENERATION)
    pages = (
        StoryPage.objects.live()
        .filter(StoryPage.publication_allowed(), pk=_PAGE, live_revision_id=_REVISION)
        .filter(Exists(current))
    )
    return CompiledQuery(pages.values("pk")[:1], (_PAGE, _REVISION, _GENERATION))
