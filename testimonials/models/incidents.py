"""Incidents as the CyberPeace Institute's Cyber Incident Tracer #HEALTH records them.

An incident is the public record a story is evidence for: who was hit, how, by whom (and how sure
that is), what it did to care, and the sources that say so.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class OrganisationType(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    CLINIC = "clinic", _("Clinic")
    LABORATORY = "laboratory", _("Laboratory")
    PHARMACEUTICAL = "pharmaceutical", _("Pharmaceutical")
    EMERGENCY = "emergency", _("Ambulance or emergency service")
    PUBLIC_HEALTH_BODY = "public_health_body", _("Public health body")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


class AttackType(models.TextChoices):
    RANSOMWARE = "ransomware", _("Ransomware")
    DATA_BREACH = "data_breach", _("Data breach")
    ACCOUNT_COMPROMISE = "account_compromise", _("Account compromise")
    DDOS = "ddos", _("DDoS")
    MALWARE = "malware", _("Wiper or other malware")
    HACK_AND_LEAK = "hack_and_leak", _("Hack and leak")
    DEFACEMENT = "defacement", _("Defacement")
    SUPPLY_CHAIN = "supply_chain", _("Supply chain")
    OTHER = "other", _("Other")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Attribution(models.TextChoices):
    CLAIMED = "claimed", _("Claimed by the actor")
    ATTRIBUTED = "attributed", _("Attributed by an authority")
    SUSPECTED = "suspected", _("Suspected")
    UNKNOWN = "unknown", _("Unknown")


class ThreatActorType(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal group")
    STATE = "state", _("State or state-sponsored")
    HACKTIVIST = "hacktivist", _("Hacktivist")
    INSIDER = "insider", _("Insider")
    UNKNOWN = "unknown", _("Unknown")


class CareDisruption(models.TextChoices):
    """Each value is also the name of the incident's boolean field for it."""

    APPOINTMENTS_CANCELLED = "appointments_cancelled", _("Appointments cancelled")
    SURGERY_POSTPONED = "surgery_postponed", _("Surgery postponed")
    AMBULANCES_DIVERTED = "ambulances_diverted", _("Ambulances diverted")
    SYSTEMS_OFFLINE = "systems_offline", _("Systems offline")
    DATA_LEAKED = "data_leaked", _("Data leaked")


class SourceKind(models.TextChoices):
    MEDIA = "media", _("Media")
    PUBLIC_BODY = "public_body", _("Public body")
    VICTIM_STATEMENT = "victim_statement", _("Victim statement")
    LEAK_SITE = "leak_site", _("Threat actor leak site")


class ThreatActor(index.Indexed, models.Model):
    name = models.CharField(max_length=255, unique=True)
    aliases = models.TextField(blank=True, help_text=_("Other names it is known by, one per line."))
    actor_type = models.CharField(_("type"), max_length=16, choices=ThreatActorType.choices)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("aliases"), FieldPanel("actor_type"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("aliases"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.splitlines() if alias.strip()]

    def clean(self):
        self.aliases = "\n".join(dict.fromkeys(self.alias_list))


class Incident(index.Indexed, ClusterableModel):
    """A documented cyberattack on healthcare: the public record that stories are evidence for."""

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(blank=True)
    attack_date = models.DateField(
        help_text=_("When the attack began. If only the month or year is known, use its first day.")
    )
    attack_date_precision = models.CharField(
        _("precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Whether the day, only the month, or only the year is known."),
    )
    disclosure_date = models.DateField(null=True, blank=True, help_text=_("When it was first made public."))
    countries = CountryField(multiple=True, help_text=_("Every country where the victims are."))
    attack_type = models.CharField(max_length=32, choices=AttackType.choices)
    threat_actor = models.ForeignKey(
        ThreatActor, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    attribution = models.CharField(
        _("attribution certainty"), max_length=16, choices=Attribution.choices, default=Attribution.UNKNOWN
    )
    records_exposed = models.PositiveBigIntegerField(null=True, blank=True)
    days_of_disruption = models.PositiveIntegerField(null=True, blank=True)
    patients_affected = models.PositiveIntegerField(null=True, blank=True)
    appointments_cancelled = models.BooleanField(default=False)
    surgery_postponed = models.BooleanField(default=False)
    ambulances_diverted = models.BooleanField(default=False)
    systems_offline = models.BooleanField(default=False)
    data_leaked = models.BooleanField(default=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("attack_date"), FieldPanel("attack_date_precision")]),
                FieldPanel("disclosure_date"),
            ],
            heading=_("Dates"),
        ),
        FieldPanel("countries"),
        InlinePanel("organisations", heading=_("Victim organisations"), label=_("Organisation"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("attack_type"),
                FieldRowPanel([FieldPanel("threat_actor"), FieldPanel("attribution")]),
            ],
            heading=_("Attack"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("records_exposed"), FieldPanel("days_of_disruption"), FieldPanel("patients_affected")]
                ),
                FieldRowPanel([FieldPanel(flag.value) for flag in CareDisruption]),
            ],
            heading=_("Impact"),
        ),
        InlinePanel("sources", heading=_("Sources"), label=_("Source"), min_num=1),
        InlinePanel(
            "translations",
            heading=_("In other languages"),
            label=_("Translation"),
            help_text=_(
                "The title and description for readers of the site in another language. "
                "Without one, they read the title and description above."
            ),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("translations", [index.SearchField("title"), index.SearchField("description")]),
        index.RelatedFields("organisations", [index.SearchField("name")]),
        index.RelatedFields("threat_actor", [index.SearchField("name"), index.SearchField("aliases")]),
    ]

    class Meta:
        ordering = ["-attack_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.attack_date and self.attack_date_precision != DatePrecision.DAY:
            self.attack_date = truncate_date(self.attack_date, self.attack_date_precision)
        if self.disclosure_date and self.attack_date and self.disclosure_date < self.attack_date:
            raise ValidationError({"disclosure_date": _("It cannot be disclosed before the attack began.")})
        if self.threat_actor_id is None and self.attribution != Attribution.UNKNOWN:
            raise ValidationError({"attribution": _("Name the threat actor, or set the attribution to unknown.")})

    def wording(self, language: str | None = None) -> "IncidentWording":
        """The title and description in `language` (the active one by default), each falling back to the
        site's language when it has no translation. Reads `translations` once, so it can be prefetched."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        translation = next((t for t in self.translations.all() if t.language == language), None)
        base = settings.LANGUAGE_CODE
        if translation is None:
            return IncidentWording(self.title, base, self.description, base)
        if translation.description or not self.description:
            return IncidentWording(translation.title, language, translation.description, language)
        return IncidentWording(translation.title, language, self.description, base)

    @property
    def care_disruption(self) -> list[str]:
        return [flag.value for flag in CareDisruption if getattr(self, flag.value)]

    def get_care_disruption_display(self) -> list[str]:
        return [flag.label for flag in CareDisruption if getattr(self, flag.value)]

    @property
    def attack_date_text(self) -> str:
        """The attack date as precisely as it is known, in ISO form: 2021, 2021-05 or 2021-05-14."""
        return format_partial_date(self.attack_date, self.attack_date_precision)

    def get_countries_display(self) -> str:
        # Django's generated one cannot read a multiple-country field (Wagtail's inspect view calls it).
        return ", ".join(self.country_names)

    @property
    def country_names(self) -> list[str]:
        return sorted(str(country.name) for country in self.countries)


@dataclass(frozen=True)
class IncidentWording:
    """What a reader of one language reads of an incident, with the language each part is really in."""

    title: str
    title_language: str
    description: str
    description_language: str


def translation_languages() -> list[tuple[str, str]]:
    """The site's languages an incident can be translated into: all but the one its record is written in."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class IncidentTranslation(Orderable):
    """An incident's title and description in another of the site's languages (the facts are not repeated)."""

    incident = ParentalKey(Incident, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=translation_languages)
    title = models.CharField(max_length=255)
    description = models.TextField(
        blank=True, help_text=_("Leave it empty to show the description in the site's main language.")
    )

    panels = [FieldPanel("language"), FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["incident", "language"], name="one_incident_translation_per_language")
        ]

    def __str__(self) -> str:
        return self.title


class VictimOrganisation(Orderable):
    incident = ParentalKey(Incident, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=255)
    organisation_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("organisation_type")])]

    def __str__(self) -> str:
        return self.name


class IncidentSource(Orderable):
    incident = ParentalKey(Incident, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=255)
    publisher = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=32, choices=SourceKind.choices, default=SourceKind.MEDIA)

    panels = [FieldPanel("url"), FieldPanel("title"), FieldRowPanel([FieldPanel("publisher"), FieldPanel("kind")])]

    def __str__(self) -> str:
        return self.title


_PRECISION_FORMATS = {DatePrecision.DAY: "%Y-%m-%d", DatePrecision.MONTH: "%Y-%m", DatePrecision.YEAR: "%Y"}


def truncate_date(date: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


def format_partial_date(date: datetime.date, precision: str) -> str:
    return date.strftime(_PRECISION_FORMATS[DatePrecision(precision)])


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """Read 2021, 2021-05 or 2021-05-14 as a date and how precisely it is known."""
    text = text.strip()
    for precision, pattern in _PRECISION_FORMATS.items():
        try:
            return datetime.datetime.strptime(text, pattern).date(), precision.value
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date like 2021-05-14, 2021-05 or 2021")
