"""Template helpers for incidents as a reader of the active language sees them."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import get_language

from testimonials.models import Incident, IncidentWording

register = template.Library()


@register.filter
def wording(incident: Incident) -> IncidentWording:
    """`{% with wording=incident|wording %}`: its title and description in the reader's language, if translated."""
    return incident.wording()


@register.simple_tag
def tell_your_story_url(incident: Incident) -> str:
    """The call for testimonials in the reader's language, with `incident` already chosen ("" without a call)."""
    from testimonials.selectors import call_page

    call = call_page(get_language())
    return f"{call.url}?{urlencode({'incident': incident.slug})}" if call else ""
