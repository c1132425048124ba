from django.db import models
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
    OTHER = "other", _("Other")


class AttackType(models.TextChoices):
    RANSOMWARE = "ransomware", _("Ransomware")
    DATA_BREACH = "data_breach", _("Data breach")
    DDOS = "ddos", _("DDoS")
    PHISHING = "phishing", _("Phishing")
    WIPER = "wiper", _("Wiper")
    SUPPLY_CHAIN = "supply_chain", _("Supply chain")
    OTHER = "other", _("Other")


class Incident(index.Indexed, ClusterableModel):
    """A documented cyberattack on healthcare: the public record that stories are evidence for."""

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    date = models.DateField(help_text=_("When the attack began, as far as it is known."))
    disclosure_date = models.DateField(null=True, blank=True)
    country = CountryField()
    organisation = models.CharField(_("targeted organisation"), max_length=255)
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    attack_type = models.CharField(max_length=32, choices=AttackType.choices)
    threat_actor = models.CharField(max_length=255, blank=True, help_text=_("Leave empty when unknown."))
    records_exposed = models.PositiveBigIntegerField(null=True, blank=True)
    days_of_disruption = models.PositiveIntegerField(null=True, blank=True)
    patients_affected = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("disclosure_date")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("attack_type")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_type")]),
        FieldPanel("threat_actor"),
        MultiFieldPanel(
            [FieldPanel("records_exposed"), FieldPanel("days_of_disruption"), FieldPanel("patients_affected")],
            heading=_("Impact"),
        ),
        FieldPanel("description"),
        InlinePanel("sources", heading=_("Sources"), label=_("Source"), min_num=1),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("organisation"),
        index.SearchField("threat_actor"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title


class IncidentSource(Orderable):
    incident = ParentalKey(Incident, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=255)
    publisher = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("url"), FieldPanel("title"), FieldPanel("publisher")]

    def __str__(self) -> str:
        return self.title
