"""Testimonials' data: testimonies, incidents and the public pages.

Imports flow one way: `testimony` and `incidents` <- `pages`.
"""

from .incidents import AttackType, Incident, IncidentSource, OrganisationType
from .outbox import EmailStatus, OutgoingEmail
from .pages import CallForTestimonialsPage, StoryIndexPage, StoryPage
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
    "ConsentChange",
    "ConsentField",
    "CallForTestimonialsPage",
    "EmailStatus",
    "Impact",
    "Incident",
    "IncidentSource",
    "Language",
    "OrganisationType",
    "OutgoingEmail",
    "Role",
    "StoryIndexPage",
    "StoryPage",
    "Testimony",
    "TestimonyStatus",
    "new_reference",
    "new_secret",
]
