"""Open data: published stories and incidents as CSV and JSON, each record carrying its licence.

Stories hold only what readers see on the site (the redacted text); nothing from a testimony.
"""

import csv
import io

from django.conf import settings
from django.http import HttpResponse, JsonResponse


def _licence() -> dict:
    return {"licence": settings.OPEN_DATA_LICENCE, "licence_url": settings.OPEN_DATA_LICENCE_URL}


def story_records(stories, request) -> list[dict]:
    return [
        {
            "title": story.title,
            "url": request.build_absolute_uri(story.url),
            "published": story.first_published_at.isoformat() if story.first_published_at else "",
            "told_by": story.role,
            "country": str(story.country or ""),
            "year": story.year or "",
            "impacts": ";".join(story.impacts),
            "incidents": ";".join(incident.slug for incident in story.incidents.all()),
            "text": story.body,
            **_licence(),
        }
        for story in stories
    ]


def incident_records(incidents) -> list[dict]:
    return [
        {
            "slug": incident.slug,
            "title": incident.title,
            "date": incident.date.isoformat(),
            "disclosure_date": incident.disclosure_date.isoformat() if incident.disclosure_date else "",
            "country": str(incident.country),
            "organisation": incident.organisation,
            "organisation_type": incident.organisation_type,
            "attack_type": incident.attack_type,
            "threat_actor": incident.threat_actor,
            "records_exposed": incident.records_exposed or "",
            "days_of_disruption": incident.days_of_disruption or "",
            "patients_affected": incident.patients_affected or "",
            "sources": ";".join(source.url for source in incident.sources.all()),
            **_licence(),
        }
        for incident in incidents
    ]


def as_csv(records: list[dict], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    if records:
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_json(records: list[dict]) -> JsonResponse:
    return JsonResponse({**_licence(), "count": len(records), "results": records}, json_dumps_params={"indent": 1})
