from django import template

from home.languages import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context) -> list:
    """This page in each language (home.languages.language_links), for the switch and hreflang."""
    request = context.get("request")
    if request is None:
        return []
    return language_links(request, context.get("page"))
