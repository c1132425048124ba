from django import forms
from django.utils.translation import gettext_lazy as _

from testimonials.models import Language

from .models import FindingDecision
from .services import MODERATOR_LABELS

LABEL_CHOICES = [(label, label.replace("_", " ").capitalize()) for label in MODERATOR_LABELS]


class ReviewDecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"
    RETRY_REDACTION = "retry_redaction"
    REDACTED_BY_HAND = "redacted_by_hand"
    SECOND_REVIEW = "second_review"
    NOTE = "note"

    action = forms.ChoiceField(
        choices=[
            (APPROVE, _("Approve")),
            (REJECT, _("Reject")),
            (RETRY_REDACTION, _("Run redaction again")),
            (REDACTED_BY_HAND, _("Send for review, redacted by hand")),
            (SECOND_REVIEW, _("Ask for a second review")),
            (NOTE, _("Add a note")),
        ]
    )
    note = forms.CharField(
        label=_("Note for the other moderators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting (say why) or adding a note."),
    )
    override_reason = forms.CharField(
        label=_("Approve despite the check: why is it not personal data?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit log. Redacting the words instead is usually better."),
    )


class FindingDecisionForm(forms.Form):
    finding = forms.IntegerField()
    decision = forms.ChoiceField(choices=FindingDecision.choices)


class FindingRewordForm(forms.Form):
    finding = forms.IntegerField()
    replacement = forms.CharField(label=_("Public wording"), max_length=200)


class FindingAddForm(forms.Form):
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    label = forms.ChoiceField(label=_("This is"), choices=LABEL_CHOICES, initial="PERSON")
    replacement = forms.CharField(
        label=_("Public wording (optional)"), required=False, max_length=200, help_text=_("Instead of a placeholder.")
    )


class MentionsForm(forms.Form):
    phrase = forms.CharField(label=_("Redact every mention of"), max_length=200)
    label = forms.ChoiceField(label=_("as"), choices=LABEL_CHOICES, initial="PERSON")


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the original text?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit log with your name and the time."),
    )


class LanguageCorrectionForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=Language.choices,
        help_text=_("Correcting it has the text redacted again in that language."),
    )
