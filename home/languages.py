"""The same page in each of the site's languages: for the language switch and the hreflang links."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    # False when this page has no translation there and the link leads to that language's home.
    same_page: bool


def _live_translations(page: Page) -> dict[str, Page]:
    """`page` and its live translations by language code: one query for every language."""
    pages = Page.objects.filter(translation_key=page.translation_key, live=True).select_related("locale")
    return {translation.locale.language_code: translation for translation in pages}


def _url_with(translation: Page, request: HttpRequest, suffix: str) -> str:
    """A translation's URL with the same sub-route as the page asked for."""
    url = translation.get_url(request=request)
    return f"{url.rstrip('/')}/{suffix.lstrip('/')}" if suffix else url


def _homes(request: HttpRequest) -> dict[str, Page]:
    site = Site.find_for_request(request)
    return _live_translations(site.root_page) if site is not None else {}


def language_links(request: HttpRequest, page: Page | None = None) -> list[LanguageLink]:
    """Where each language's reader goes from here: this page translated, else that language's home.

    For a routable page (an incident under the story index) the path below the page is kept; for
    a view outside the page tree the URL's language prefix is swapped.
    """
    current = get_language()
    if page is None:
        return [
            LanguageLink(
                code=code, name=name, url=translate_url(request.path, code), current=code == current, same_page=True
            )
            for code, name in settings.LANGUAGES
        ]
    page_url = page.get_url(request=request) or ""
    suffix = request.path[len(page_url) :] if page_url and request.path.startswith(page_url) else ""
    translations = _live_translations(page)
    homes = _homes(request) if len(translations) < len(settings.LANGUAGES) else {}
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = _url_with(translations[code], request, suffix)
        else:
            url = homes[code].get_url(request=request) if code in homes else f"/{code}/"
        links.append(
            LanguageLink(code=code, name=name, url=url, current=code == current, same_page=code in translations)
        )
    return links
