"""How a story's links to incidents appear in the API (StoryPage.api_fields)."""

from typing import TYPE_CHECKING

from rest_framework import serializers
from wagtail.api.utils import get_full_url

if TYPE_CHECKING:
    from .models import Incident


class IncidentLinkSerializer(serializers.Serializer):
    """An incident as a story in the API names it: enough to follow the link to its record."""

    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    detail_url = serializers.SerializerMethodField()

    def get_detail_url(self, incident: "Incident") -> str | None:
        # The class from the instance: this module is imported by the page models, before the models package is ready.
        path = self.context["router"].get_object_detail_urlpath(type(incident), incident.pk)
        return get_full_url(self.context["request"], path) if path else None
