from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from testimonials.models import Testimony

from .views import TestimonyFindingsView, TestimonyRevealView, TestimonyReviewView

# Fields whose decryption the queue never needs.
ENCRYPTED_FIELDS = ("story", "redacted_text", "name", "contact_email", "incident_description", "secret_hash")


class TestimonyIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().defer(*ENCRYPTED_FIELDS).select_related("incident")

    # A testimony opens on its review screen; it is never created, copied or deleted by hand here.
    def get_edit_url(self, instance):
        return reverse("testimony:review", args=[instance.pk])

    def get_add_url(self):
        return None

    def get_copy_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


class TestimonyViewSet(ModelViewSet):
    model = Testimony
    index_view_class = TestimonyIndexView
    icon = "doc-full"
    menu_label = _("Testimonies")
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["reference", "status", "role", "country", "incident", "created_at"]
    list_filter = ["status", "role", "language"]
    ordering = ["created_at"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("review/<int:pk>/", TestimonyReviewView.as_view(), name="review"),
            path("review/<int:pk>/findings/", TestimonyFindingsView.as_view(), name="findings"),
            path("review/<int:pk>/reveal/", TestimonyRevealView.as_view(), name="reveal"),
        ]


@hooks.register("register_admin_viewset")
def register_testimony_viewset():
    return TestimonyViewSet("testimony", url_prefix="testimonies")


@hooks.register("register_permissions")
def register_testimony_permissions():
    return Permission.objects.filter(
        content_type__app_label="testimonials", codename__in=["review_testimony", "view_raw_testimony"]
    )


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action("moderation.approve", _("Approve testimony"), _("Testimony approved"))
    actions.register_action("moderation.reject", _("Reject testimony"), _("Testimony rejected"))
    actions.register_action("moderation.retry_redaction", _("Retry redaction"), _("Automatic redaction queued again"))
    actions.register_action("moderation.finding_decide", _("Redaction decision"), _("Kept or redacted a finding"))
    actions.register_action("moderation.finding_add", _("Redaction added"), _("Marked words to redact"))
    actions.register_action("moderation.mentions_redact", _("Mentions redacted"), _("Redacted every mention"))
    actions.register_action("moderation.wording_edit", _("Wording edited"), _("Changed the public wording"))
    actions.register_action("moderation.reveal", _("Original revealed"), _("Opened the original text"))
    actions.register_action(
        "moderation.gate_override", _("Approved despite the check"), _("Approved text the personal-data check flagged")
    )
    actions.register_action(
        "moderation.reveal_denied", _("Reveal refused"), _("Tried to open the original text without permission")
    )
