import functools
import re
import secrets

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import CallForTestimonialsPage, CallTerms, ConsentField, Impact, Incident, Role
from .sanitize import to_plain_text

# Pasted markup makes a story longer than its words: this much more is cleaned before refusing it.
RAW_STORY_FACTOR = 4
SUBMISSION_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


EARLIEST_YEAR = 1995


def incident_choices_by_country() -> list:
    """The incidents grouped by country, latest first, so an author finds theirs among hundreds.

    An incident in several countries is offered under each; the field still validates against its queryset.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    incidents = Incident.objects.only("pk", "title", "description", "attack_date", "countries")
    for incident in incidents.prefetch_related("translations"):
        label = f"{incident.wording().title} ({incident.attack_date.year})"
        for name in incident.country_names:
            groups.setdefault(name, []).append((incident.pk, label))
    return [("", _("I don't know, or it is not listed")), *sorted(groups.items())]


class LongSelect(forms.Select):
    """A select whose options are written here, escaped by format_html, not by a template each: Django's
    renders two templates per option, and the call page's lists run to hundreds (countries, incidents),
    which was most of the page's time."""

    template_name = "testimonials/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = _options_html(context["widget"]["optgroups"])
        return context


def _options_html(optgroups) -> SafeString:
    groups = []
    for group_name, options, _index in optgroups:
        html = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(option["value"]), SELECTED if option["selected"] else "", option["label"]) for option in options),
        )
        groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
    return SafeString("".join(groups))


SELECTED = SafeString(" selected")


class PlainHiddenInput(forms.HiddenInput):
    """A hidden input written here, as Django's template writes it, not by the form renderer: the call page
    draws four for every reader (its tokens are never kept), and two templates each was a tenth of its time."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        value = self.format_value(value)
        shown = format_html(' value="{}"', value) if value is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            shown,
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


class CountryCodeField(forms.ChoiceField):
    """A country sent by its code is checked against the codes: only a form shown needs every country's name
    translated, about 250 of them."""

    def valid_value(self, value) -> bool:
        return value in countries


@functools.lru_cache(maxsize=8)
def _countries_named_in(language: str) -> tuple[tuple[str, str], ...]:
    """Every country with its name in `language`, sorted by it: once per language and process, not per form
    shown (each name is a lazy translation, and the call page listed about 250 of them every time)."""
    return tuple((code, str(name)) for code, name in countries)


def _country_choices() -> list:
    return [("", _("Prefer not to say")), *_countries_named_in(get_language())]


class TestimonyForm(forms.Form):
    story = forms.CharField(
        label=_("What happened, in your own words"),
        error_messages={"required": _("Please tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Tell us what happened and how it affected you. You do not need to give names: "
            "personal details are removed before anyone on our team reads your story."
        ),
    )
    # No default: a story filed under the wrong role misleads readers, so the author chooses.
    role = forms.ChoiceField(
        label=_("You are writing as"),
        choices=[("", _("Choose one")), *Role.choices],
        widget=LongSelect,
        error_messages={"required": _("Please tell us who you are writing as: a patient, a relative, staff…")},
    )
    country = CountryCodeField(label=_("Country"), required=False, widget=LongSelect)
    happened_month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Month (optional)"))] + list(MONTHS.items()),
        widget=LongSelect,
    )
    happened_year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    incident = forms.ModelChoiceField(
        label=_("Which attack was it?"),
        queryset=Incident.objects.all(),
        required=False,
        empty_label=_("I don't know, or it is not listed"),
        widget=LongSelect,
    )
    incident_description = forms.CharField(
        label=_("If it is not listed, which organisation was attacked?"), required=False, max_length=500
    )
    impacts = forms.MultipleChoiceField(
        label=_("How did it affect you?"),
        choices=Impact.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    removal_terms = forms.CharField(
        label=_("Anything else to remove? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Names of people, places, wards or anything that could identify you, one per line. "
            "We remove every mention before anyone on our team reads your story."
        ),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=200,
        help_text=_("Never published. Only needed if you want us to be able to address you."),
    )
    contact_email = forms.EmailField(label=_("Your email (optional)"), required=False)
    consent_processing = forms.BooleanField(required=True)
    consent_publication = forms.BooleanField(required=False)
    consent_contact = forms.BooleanField(required=False)
    consent_research = forms.BooleanField(required=False)
    consent_version = forms.CharField(widget=PlainHiddenInput)
    # Set once the author was asked about an email given without consent to contact: the next send goes through.
    contact_question_asked = forms.BooleanField(widget=PlainHiddenInput, required=False)
    # One token per page view: the same form posted twice stores one testimony.
    submission_token = forms.CharField(widget=PlainHiddenInput, required=False, max_length=64)
    # The browser's proof of work (testimonials.challenge); empty without JavaScript.
    proof = forms.CharField(widget=PlainHiddenInput, required=False, max_length=2000)
    # Hidden from people and assistive technology; a bot that fills every field fills this one too.
    homepage = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, terms: CallTerms, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.terms = terms
        _per_reader_initials(self, terms)
        this_year = timezone.now().year
        self.fields["happened_year"].choices = [("", _("Year (optional)"))] + [
            (year, str(year)) for year in range(this_year, EARLIEST_YEAR - 1, -1)
        ]
        self.fields["country"].choices = CallableChoiceIterator(functools.cache(_country_choices))
        # The field validates against its queryset: the grouped list is for people to choose from.
        # Built when the form is shown, once (its widget reads them twice), never when a valid one is sent.
        self.fields["incident"].widget.choices = CallableChoiceIterator(functools.cache(incident_choices_by_country))
        for consent, wording in terms.wording.items():
            self.fields[consent].label = wording
        self.fields["consent_processing"].error_messages["required"] = _(
            "We can only keep your story with this consent."
        )

    def clean_story(self) -> str:
        minimum, maximum = settings.TESTIMONY_STORY_MIN_LENGTH, settings.TESTIMONY_STORY_MAX_LENGTH
        raw = self.cleaned_data["story"]
        # Cleaning costs time in proportion to the text: what could never fit is refused before it.
        story = to_plain_text(raw) if len(raw) <= RAW_STORY_FACTOR * maximum else raw
        if len(story) < minimum:
            raise forms.ValidationError(_("Please write at least %(minimum)d characters."), params={"minimum": minimum})
        if len(story) > maximum:
            raise forms.ValidationError(
                _("Your story is %(length)d characters long; the limit is %(maximum)d. Please shorten it."),
                params={"length": len(story), "maximum": maximum},
            )
        return story

    def clean_submission_token(self) -> str:
        # A page from before tokens, or a mangled one, still sends its story: it gets a token of its own.
        token = self.cleaned_data["submission_token"]
        return token if SUBMISSION_TOKEN.fullmatch(token) else new_submission_token()

    def clean_name(self) -> str:
        return to_plain_text(self.cleaned_data["name"])

    def clean_incident_description(self) -> str:
        return to_plain_text(self.cleaned_data["incident_description"])

    def clean_contact_email(self) -> str:
        # EmailField lets bidi and invisible characters through in the domain; validated again once removed.
        return self.fields["contact_email"].clean(to_plain_text(self.cleaned_data["contact_email"]))

    def clean_removal_terms(self) -> str:
        lines = to_plain_text(self.cleaned_data["removal_terms"]).splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("consent_contact") and not cleaned_data.get("contact_email"):
            self.add_error("contact_email", _("Give an email address so that we can contact you."))
        if cleaned_data.get("contact_email") and not cleaned_data.get("consent_contact"):
            self._ask_about_contact_once(cleaned_data)
        shown_version = cleaned_data.get("consent_version")
        if shown_version and shown_version != self.terms.version:
            # The wording changed while the author was writing: they must agree to what is current.
            self.data = self.data.copy()
            self.data["consent_version"] = self.terms.version
            raise forms.ValidationError(
                _("The consent wording was updated while you were writing. Please read it again and confirm.")
            )
        return cleaned_data

    def _ask_about_contact_once(self, cleaned_data: dict) -> None:
        """An email without consent to contact: asked about once; sent again as it is, the email is not kept."""
        if cleaned_data.get("contact_question_asked"):
            cleaned_data["contact_email"] = ""
            return
        self.data = self.data.copy()
        self.data["contact_question_asked"] = "True"
        self.add_error(
            "consent_contact",
            _(
                "You gave an email address. Tick this box if we may use it to contact you. "
                "If you send your testimony again without ticking it, we will not keep the address."
            ),
        )

    def submission_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "story": data["story"],
            "removal_terms": data["removal_terms"],
            "role": data["role"],
            "country": data["country"],
            "incident": data["incident"],
            "incident_description": data["incident_description"],
            "happened_month": data["happened_month"],
            "happened_year": data["happened_year"],
            "impacts": data["impacts"],
            "name": data["name"],
            "contact_email": data["contact_email"],
            **{consent: data[consent] for consent in ConsentField.values},
            "consent_text_version": self.terms.version,
            # The language of the call page it was sent from: the story's until the worker reads otherwise.
            "language": self.terms.language,
            "submission_token": data["submission_token"],
        }


def _per_reader_initials(form: forms.Form, terms: CallTerms) -> None:
    # A token of its own for each page view, and the wording version this reader is shown.
    form.fields["submission_token"].initial = new_submission_token()
    form.fields["consent_version"].initial = terms.version


class UnansweredCallForm(forms.Form):
    """The call form as a reader who has answered nothing reads it: only its inputs that are each reader's own.

    On a plain read of the call page the questions come kept (call_form_fields.html): building the whole
    TestimonyForm, which copies its twenty fields (0.27 ms on 2 cores), only to draw these four was paid by
    every reader. They are TestimonyForm's own hidden fields, with the same initial values.
    """

    def __init__(self, *, terms: CallTerms):
        super().__init__(label_suffix="")
        _per_reader_initials(self, terms)


# A reader's own inputs are the form's hidden ones, which the call page draws outside the kept questions.
UnansweredCallForm.base_fields = {
    name: field for name, field in TestimonyForm.base_fields.items() if field.widget.is_hidden
}


class ReceiptForm(forms.Form):
    # The browser's proof of work (testimonials.challenge); guessing receipts costs a bot its time.
    proof = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    reference = forms.CharField(
        label=_("Reference"), max_length=12, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    secret = forms.CharField(
        label=_("Secret"), max_length=40, widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False)
    )


# Withdrawing these cannot be undone, so each has its own button and confirmation page, never a checkbox.
DELIBERATE_WITHDRAWALS = (ConsentField.PROCESSING, ConsentField.PUBLICATION)


class ConsentsForm(forms.Form):
    """The author's consents that save plainly, worded as on the call page.

    Consent to processing and to publication are withdrawn only through their confirmation pages;
    consent to publication not given yet can still be given here.
    """

    def __init__(self, *args, testimony, call: CallForTestimonialsPage | None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        initial = {consent: getattr(testimony, consent) for consent in ConsentField.values}
        super().__init__(*args, initial=initial, **kwargs)
        # One checkbox per consent, in ConsentField's order, worded as on the call page.
        wording = call.consent_wording() if call is not None else dict(ConsentField.choices)
        for consent in ConsentField.values:
            if consent in DELIBERATE_WITHDRAWALS and (initial[consent] or testimony.is_closed):
                continue
            self.fields[consent] = forms.BooleanField(required=False, label=wording[consent])


class TermsForm(forms.Form):
    terms = forms.CharField(
        label=_("More words to remove"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: names, places, anything that could identify you. Every mention is removed."),
    )

    def clean_terms(self) -> list[str]:
        return [line.strip() for line in to_plain_text(self.cleaned_data["terms"]).splitlines() if line.strip()]
