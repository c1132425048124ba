"""One shape for an incident as open data, shared by the exports and the importer.

The JSON form nests threat actor, organisations and sources; the CSV form flattens them into one row
(lists joined by ";", organisations and sources in numbered columns), so a spreadsheet edited from an
export imports again as it is.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Incident

LIST_SEPARATOR = ";"
ORGANISATION_FIELDS = ("name", "type")
SOURCE_FIELDS = ("url", "title", "publisher", "kind")
TRANSLATION_FIELDS = ("language", "title", "description")
# The record's lists of objects, each flattened into numbered CSV columns (organisation_1_name, ...).
NUMBERED_LISTS = {"organisations": ORGANISATION_FIELDS, "sources": SOURCE_FIELDS, "translations": TRANSLATION_FIELDS}
# Columns an export adds that say where the record came from, or what the site holds about it,
# not what the record holds: an import skips them.
PROVENANCE_FIELDS = ("url", "licence", "licence_url", "story_languages")


def incident_record(incident: "Incident") -> dict:
    """The incident as open data (call on incidents loaded with `for_records()`)."""
    actor = incident.threat_actor
    return {
        "slug": incident.slug,
        "title": incident.title,
        "description": incident.description,
        "attack_date": incident.attack_date_text,
        "disclosure_date": incident.disclosure_date.isoformat() if incident.disclosure_date else None,
        "countries": [country.code for country in incident.countries],
        "attack_type": incident.attack_type,
        "threat_actor": (
            {"name": actor.name, "type": actor.actor_type, "aliases": actor.alias_list} if actor else None
        ),
        "attribution": incident.attribution,
        "organisations": [
            {"name": organisation.name, "type": organisation.organisation_type}
            for organisation in incident.organisations.all()
        ],
        "records_exposed": incident.records_exposed,
        "days_of_disruption": incident.days_of_disruption,
        "patients_affected": incident.patients_affected,
        "care_disruption": incident.care_disruption,
        "sources": [
            {"url": source.url, "title": source.title, "publisher": source.publisher, "kind": source.kind}
            for source in incident.sources.all()
        ],
        "translations": [
            {"language": translation.language, "title": translation.title, "description": translation.description}
            for translation in sorted(incident.translations.all(), key=lambda translation: translation.language)
        ],
    }


def for_records(incidents):
    return incidents.select_related("threat_actor").prefetch_related("organisations", "sources", "translations")


def flatten(record: dict) -> dict:
    """A record as one CSV row."""
    actor = record.get("threat_actor") or {}
    row = {}
    for key, value in record.items():
        if key == "threat_actor":
            row |= {
                "threat_actor": actor.get("name", ""),
                "threat_actor_type": actor.get("type", ""),
                "threat_actor_aliases": LIST_SEPARATOR.join(actor.get("aliases", [])),
            }
        elif key in NUMBERED_LISTS:
            row |= _numbered(key, value, NUMBERED_LISTS[key])
        elif isinstance(value, list):
            row[key] = LIST_SEPARATOR.join(value)
        else:
            row[key] = "" if value is None else value
    return row


def _numbered(key: str, items: list[dict], fields: tuple[str, ...]) -> dict:
    singular = key.removesuffix("s")
    return {
        f"{singular}_{number}_{field}": item.get(field, "") for number, item in enumerate(items, 1) for field in fields
    }


def csv_columns(records: list[dict]) -> list[str]:
    """The CSV header for these records: numbered columns as many as the longest list needs."""
    widest = dict(records[0])
    for key in NUMBERED_LISTS:
        if key in widest:
            widest[key] = [{}] * max(len(record[key]) for record in records)
    return list(flatten(widest))
