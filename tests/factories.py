import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from moderation.roles import COMMUNICATIONS, MODERATORS
from testimonials.models import (
    Incident,
    IncidentSource,
    Role,
    Testimony,
    TestimonyStatus,
    ThreatActor,
    VictimOrganisation,
)

STORY_WITH_PERSONAL_DATA = (
    "My mother, Margarethe Oyelaran-Whitcombe, was due for surgery at the hospital in Dublin on 14 May 2021. "
    "The ransomware attack cancelled it. Call me on +353 87 123 4567 or write to "
    "m.oyelaran.w@example.com if you need more details."
)

# What TestimonyFactory's testimony holds that must never show to anyone who has not revealed it.
PRIVATE_STRINGS = (
    "Oyelaran-Whitcombe",
    "+353 87 123 4567",
    "m.oyelaran.w@example.com",
    "Aoife",
    "aoife.bk@example.net",
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _join(self, extracted or [])


def _join(user, group_names) -> None:
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    user.save()


class ModeratorFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _join(self, extracted or [MODERATORS])


class CommunicationsFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _join(self, extracted or [COMMUNICATIONS])


class ThreatActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThreatActor
        django_get_or_create = ("name",)

    name = "Conti"
    aliases = "Wizard Spider"
    actor_type = "criminal"


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ransomware attack on Example Hospital {n}")
    slug = factory.Sequence(lambda n: f"example-hospital-{n}")
    attack_date = datetime.date(2021, 5, 14)
    countries = ["IE"]
    attack_type = "ransomware"
    threat_actor = factory.SubFactory(ThreatActorFactory)
    attribution = "claimed"
    systems_offline = True
    description = "Systems were encrypted and appointments cancelled."
    organisation = factory.RelatedFactory("tests.factories.VictimOrganisationFactory", factory_related_name="incident")
    source = factory.RelatedFactory("tests.factories.IncidentSourceFactory", factory_related_name="incident")


class VictimOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VictimOrganisation

    name = "Example Hospital"
    organisation_type = "hospital"


class IncidentSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentSource

    url = "https://www.example.org/report"
    title = "Post-incident report"
    publisher = "Example Health Authority"
    kind = "public_body"


class TestimonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimony

    secret_hash = factory.LazyFunction(lambda: make_password("2345-6789-ABCD-EFGH"))
    role = Role.RELATIVE
    country = "IE"
    happened_year = 2021
    story = STORY_WITH_PERSONAL_DATA
    name = "Aoife Brennan-Kowalczyk"
    contact_email = "aoife.bk@example.net"
    consent_processing = True
    consent_publication = True
    consent_contact = True
    consent_text_version = "v-test"
    status = TestimonyStatus.RECEIVED


def redacted_testimony(**fields) -> Testimony:
    """A testimony as the worker leaves it: redacted by the real engine, awaiting review."""
    from moderation.services import testimony_redact

    testimony = TestimonyFactory(**fields)
    testimony_redact(testimony_id=testimony.pk)
    testimony.refresh_from_db()
    return testimony
