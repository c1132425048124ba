"""Open data: published stories and incidents as CSV and JSON, each record carrying its licence.

Stories hold only what readers see on the site (the redacted text); nothing from a testimony.
"""

import io

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from . import csv_cells
from .incident_records import csv_columns, flatten, for_records, incident_record


def open_data_licence() -> dict:
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
            "impacts": story.impacts,
            "incidents": [incident.slug for incident in story.incidents],
            "language": story.locale.language_code,
            "text": story.body,
            **open_data_licence(),
        }
        for story in stories
    ]


def incident_records(incidents, index_page, request) -> list[dict]:
    from .selectors import story_languages  # selectors read the page models, which import this module

    incidents = list(for_records(incidents))
    languages = story_languages([incident.pk for incident in incidents])
    return [
        {
            **incident_record(incident),
            "url": request.build_absolute_uri(index_page.incident_url(incident, request)),
            # The languages its published stories are in, on every language's index.
            "story_languages": languages.get(incident.pk, []),
            **open_data_licence(),
        }
        for incident in incidents
    ]


def as_csv(records: list[dict], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    if records:
        writer = csv_cells.DictWriter(buffer, fieldnames=csv_columns(records), restval="")
        writer.writeheader()
        writer.writerows(flatten(record) for record in records)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_json(records: list[dict]) -> JsonResponse:
    return JsonResponse(
        {**open_data_licence(), "count": len(records), "results": records}, json_dumps_params={"indent": 1}
    )
