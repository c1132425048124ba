"""Writing checked records: each incident compared with the stored one, and saved only if it changed."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q

from ..incident_records import incident_record
from ..models import Incident, IncidentSource, IncidentTranslation, ThreatActor, ThreatActorType, VictimOrganisation
from .checking import _Checked
from .results import ImportProblem, ImportReport, IncidentImportError


def _actor_find(name: str) -> ThreatActor | None:
    exact = ThreatActor.objects.filter(name__iexact=name).first()
    if exact:
        return exact
    # Aliases are one per line: match a whole line only.
    pattern = r"(^|\n)\s*" + re.escape(name) + r"\s*(\n|$)"
    return ThreatActor.objects.filter(Q(aliases__iregex=pattern)).first()


def _actor_ensure(data: dict, report: ImportReport) -> ThreatActor:
    actor = _actor_find(data["name"])
    if actor is None:
        actor = ThreatActor(name=data["name"], actor_type=data["type"] or ThreatActorType.UNKNOWN)
        actor.aliases = "\n".join(data["aliases"])
        actor.full_clean()
        actor.save()
        report.actors_created.append(actor.name)
        return actor
    aliases = list(dict.fromkeys([*actor.alias_list, *(a for a in data["aliases"] if a.lower() != actor.name.lower())]))
    changed = aliases != actor.alias_list or (data["type"] and data["type"] != actor.actor_type)
    if changed:
        actor.aliases = "\n".join(aliases)
        actor.actor_type = data["type"] or actor.actor_type
        actor.full_clean()
        actor.save()
        if actor.name not in report.actors_created:
            report.actors_updated.append(actor.name)
    return actor


def _comparable(record: dict) -> dict:
    # The actor's own details are reported on their own; the incident only names it.
    actor = record.get("threat_actor")
    return {**record, "threat_actor": actor["name"] if actor else None, "countries": sorted(record["countries"])}


def _incident_write(checked: _Checked, existing: Incident | None, report: ImportReport) -> None:
    actor = _actor_ensure(checked.actor, report) if checked.actor else None
    slug = checked.incident_fields["slug"]
    before = _comparable(incident_record(existing)) if existing else None
    incident = existing or Incident()
    for name, value in checked.incident_fields.items():
        setattr(incident, name, value)
    incident.threat_actor = actor
    # Held in memory until save() (a clusterable model), so the record can be compared first.
    incident.organisations = [
        VictimOrganisation(sort_order=order, **organisation) for order, organisation in enumerate(checked.organisations)
    ]
    incident.sources = [IncidentSource(sort_order=order, **source) for order, source in enumerate(checked.sources)]
    if checked.translations is not None:
        incident.translations = [
            IncidentTranslation(sort_order=order, **translation)
            for order, translation in enumerate(checked.translations)
        ]
    if before is not None and _comparable(incident_record(incident)) == before:
        report.unchanged.append(slug)
        return
    try:
        incident.full_clean(exclude=["slug"] if existing else None)
    except ValidationError as error:
        # A rule the model holds beyond the checks above: still named, still nothing written.
        raise IncidentImportError(
            [
                ImportProblem(
                    checked.number, column if column != "__all__" else "", " ".join(messages), checked.file_format
                )
                for column, messages in error.message_dict.items()
            ]
        ) from error
    incident.save()  # with its organisations, sources and translations, replacing the old ones
    (report.updated if existing else report.created).append(slug)
