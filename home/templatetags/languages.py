from django import template

from home.languages import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context) -> list:
    """This page in each language (home.languages.language_links), for the switch and hreflang.

    Both ask on every page: the links are worked out once per request (their lookups are queries).
    """
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "page_languages"):
        request.page_languages = language_links(request, context.get("page"))
    return request.page_languages
