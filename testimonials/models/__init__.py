"""Testimonials' data: testimonies, incidents and the public pages.

Imports flow one way: `testimony`, `incidents` <- `pages`; TextCheck lives in testimonials.text_checks.
"""

from ..text_checks import CheckState, TextCheck
from .imports import IncidentImportJob as IncidentImportJob
from .incidents import (
    AttackType,
    Attribution,
    CareDisruption,
    DatePrecision,
    Incident,
    IncidentSource,
    IncidentTranslation,
    IncidentWording,
    OrganisationType,
    SourceKind,
    ThreatActor,
    ThreatActorType,
    VictimOrganisation,
)
from .limits import WindowCount
from .outbox import EmailStatus, OutgoingEmail
from .pages import (
    CallForTestimonialsPage,
    CallTerms,
    StoryIncident,
    StoryIndexPage,
    StoryPage,
    StoryPageCacheGeneration,
)
from .testimony import (
    ConsentChange,
    ConsentField,
    Impact,
    Language,
    Role,
    Testimony,
    TestimonyStatus,
    new_reference,
    new_secret,
)

__all__ = [
    "AttackType",
    "Attribution",
    "CareDisruption",
    "DatePrecision",
    "ConsentChange",
    "ConsentField",
    "CallForTestimonialsPage",
    "CallTerms",
    "CheckState",
    "EmailStatus",
    "Impact",
    "Incident",
    "IncidentSource",
    "IncidentTranslation",
    "IncidentWording",
    "Language",
    "OrganisationType",
    "OutgoingEmail",
    "Role",
    "SourceKind",
    "StoryIncident",
    "StoryIndexPage",
    "StoryPage",
    "StoryPageCacheGeneration",
    "Testimony",
    "TextCheck",
    "TestimonyStatus",
    "ThreatActor",
    "ThreatActorType",
    "VictimOrganisation",
    "WindowCount",
    "new_reference",
    "new_secret",
]
