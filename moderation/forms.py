from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewDecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"
    RETRY_REDACTION = "retry_redaction"

    action = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject")), (RETRY_REDACTION, _("Run redaction again"))]
    )
    note = forms.CharField(
        label=_("Note for the other moderators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting: say why."),
    )
