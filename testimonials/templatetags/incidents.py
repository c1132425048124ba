"""Template helpers for incidents as a reader of the active language sees them."""

from django import template

from testimonials.models import Incident, IncidentWording

register = template.Library()


@register.filter
def wording(incident: Incident) -> IncidentWording:
    """`{% with wording=incident|wording %}`: its title and description in the reader's language, if translated."""
    return incident.wording()
