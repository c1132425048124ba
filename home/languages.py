"""The same page in each of the site's languages: for the language switch and the hreflang links."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    # False when this page has no translation there and the link leads to that language's home.
    same_page: bool


def _page_in(page: Page, language: str, request: HttpRequest, suffix: str) -> str | None:
    """The live translation of `page` in `language` (with the same sub-route), or None."""
    locale = Locale.objects.filter(language_code=language).first()
    translation = page.get_translation_or_none(locale) if locale else None
    if translation is None or not translation.live:
        return None
    url = translation.get_url(request=request)
    return f"{url.rstrip('/')}/{suffix.lstrip('/')}" if suffix else url


def _home_in(language: str, request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    if site is not None and (url := _page_in(site.root_page, language, request, "")):
        return url
    return f"/{language}/"


def language_links(request: HttpRequest, page: Page | None = None) -> list[LanguageLink]:
    """Where each language's reader goes from here: this page translated, else that language's home.

    For a routable page (an incident under the story index) the path below the page is kept; for
    a view outside the page tree the URL's language prefix is swapped.
    """
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if page is not None:
            page_url = page.get_url(request=request) or ""
            suffix = request.path[len(page_url) :] if page_url and request.path.startswith(page_url) else ""
            url = _page_in(page, code, request, suffix)
            same_page = url is not None
            url = url or _home_in(code, request)
        else:
            url, same_page = translate_url(request.path, code), True
        links.append(LanguageLink(code=code, name=name, url=url, current=code == current, same_page=same_page))
    return links
