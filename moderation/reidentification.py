"""Warnings when quasi-identifiers combine riskily in a public text.

No single fact here identifies anyone; together, a named facility, a ward, a job title, an age
and a date can narrow a story down to one or two people. Each warning says what to generalise.
To extend, add a pattern and a rule below; rules read only the public (redacted) text.
"""

import re
from dataclasses import dataclass

from moderation.redaction.dates import find_dates

# The unit's name in any case ("dialysis unit", "Ward"), then only a number or a proper name ("ward 7", "Unit B").
_SPECIALTY = (
    r"oncology|maternity|dialysis|cardiology|paediatrics|pediatrics|neonatal|radiology|emergency|intensive care"
)
UNIT = re.compile(
    rf"\b(?i:(?:{_SPECIALTY})\s+)?(?i:ward|unit|department|wing|bay|theatre|icu|itu|a&e|pharmacy|laboratory|lab|{_SPECIALTY})\b"
    r"(?:\s+(?:\d+[a-zA-Z]?\b|[A-Z][\w'-]*))?"
)
JOB = re.compile(
    r"\b(?:night[- ]shift nurse|nurse|ward manager|matron|midwife|surgeon|registrar|consultant|anaesthetist|"
    r"anesthetist|porter|pharmacist|radiographer|paramedic|receptionist|(?:it|security|network) (?:manager|analyst|"
    r"engineer|administrator|lead)|sysadmin|system administrator|head of \w+)\b",
    re.IGNORECASE,
)
AGE = re.compile(
    r"\b(?:aged\s+\d{1,3}|\d{1,3}[- ]years?[- ]old|(?:i am|i'm|who is|she is|he is)\s+\d{1,3}\b)", re.IGNORECASE
)


@dataclass(frozen=True)
class Risk:
    message: str
    generalise: tuple[str, ...]


def _first(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


def risks(public_text: str, facilities: list[str]) -> list[Risk]:
    """What in `public_text` could single someone out; `facilities` are the named organisations kept in it."""
    facility = facilities[0] if facilities else None
    unit, job, age = _first(UNIT, public_text), _first(JOB, public_text), _first(AGE, public_text)
    dates = find_dates(public_text)
    date = public_text[dates[0][0] : dates[0][1]] if dates else None
    found: list[Risk] = []
    if facility and unit:
        found.append(
            Risk("A named facility with a ward or unit narrows the story to the few people there.", (facility, unit))
        )
    if job and date and (facility or unit):
        place = facility or unit
        found.append(
            Risk("A job title, a date and a place of work together can identify a member of staff.", (job, date, place))
        )
    if age and facility:
        found.append(Risk("An age with a named facility can identify a patient.", (age, facility)))
    return found
