from datetime import timedelta

import django_filters
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from testimonials import lifecycle
from testimonials.models import Testimony

from .dashboard import moderation_queue_panels
from .selectors import QUEUE_DEFERRED_FIELDS, queue_rows
from .views import (
    TestimonyContactView,
    TestimonyFindingsView,
    TestimonyLanguageView,
    TestimonyRevealView,
    TestimonyReviewView,
    TestimonyTextCheckView,
    testimony_permission_policy,
)


class TestimonyFilterSet(WagtailFilterSet):
    # The queue opens on what waits for a moderator (the empty choice: TestimonyIndexView narrows to it).
    queue = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("all", _("Every testimony"))],
        empty_label=_("Waiting for a moderator"),
        method="filter_queue",
    )
    waiting_longer_than = django_filters.ChoiceFilter(
        label=_("In the queue for"),
        choices=[("1", _("over a day")), ("7", _("over a week")), ("30", _("over a month"))],
        method="filter_waiting_longer_than",
        empty_label=_("any time"),
    )

    class Meta:
        model = Testimony
        fields = ["status", "language", "country", "role", "incident"]

    def filter_queue(self, queryset, name, value):
        return queryset  # "all": TestimonyIndexView leaves the queue unnarrowed

    def filter_waiting_longer_than(self, queryset, name, value):
        return queryset.filter(created_at__lt=timezone.now() - timedelta(days=int(value)))


class TestimonyIndexView(IndexView):
    deferred_fields = QUEUE_DEFERRED_FIELDS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail answers ?export=csv even with nothing to export: no spreadsheet of testimonies leaves.
        self.is_export = False

    def get_base_queryset(self):
        return queue_rows(super().get_base_queryset()).select_related("incident")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # A status asked for by name is shown whatever it is: "approved" must not come back empty.
        if self.request.GET.get("queue") != "all" and not self.request.GET.get("status"):
            queryset = queryset.filter(status__in=lifecycle.WAITING_FOR_MODERATORS)
        return queryset

    # A testimony opens on its review screen; it is never created, copied or deleted by hand here.
    def get_edit_url(self, instance):
        return reverse("testimony:review", args=[instance.pk])

    def get_add_url(self):
        return None

    def get_copy_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


class TestimonyAdminURLFinder(ModelAdminURLFinder):
    """Where the site history and other admin listings link a testimony: its review screen.

    Wagtail's default points at an edit view, which testimonies do not have, and asks for the
    "change" permission, which no role holds; the review screen asks for "review".
    """

    edit_url_name = "testimony:review"

    def get_edit_url(self, instance):
        if self.user and not testimony_permission_policy.user_has_permission(self.user, "review"):
            return None
        return self.construct_edit_url(instance)


class TestimonyViewSet(ModelViewSet):
    model = Testimony
    index_view_class = TestimonyIndexView
    icon = "doc-full"
    menu_label = _("Testimonies")
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        "reference",
        "status",
        DateColumn("created_at", label=_("Waiting since"), sort_key="created_at"),
        Column("findings_count", label=_("Findings"), sort_key="findings_count"),
        Column(
            "reidentification_warnings", label=_("Re-identification warnings"), sort_key="reidentification_warnings"
        ),
        "language",
        "role",
        "country",
        "incident",
    ]
    filterset_class = TestimonyFilterSet
    ordering = ["created_at"]
    inspect_view_enabled = False
    copy_view_enabled = False
    url_finder_class = TestimonyAdminURLFinder

    @cached_property
    def menu_item_class(self):
        shown_to_moderators = super().menu_item_class

        class TestimonyMenuItem(shown_to_moderators):
            def render_component(self, request):
                # How many wait for a moderator, in the label: one count query per admin page.
                waiting = Testimony.objects.filter(status__in=lifecycle.WAITING_FOR_MODERATORS).count()
                label = f"{self.label} ({waiting})" if waiting else self.label
                return LinkMenuItemComponent(
                    self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
                )

        return TestimonyMenuItem

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("review/<int:pk>/", TestimonyReviewView.as_view(), name="review"),
            path("review/<int:pk>/findings/", TestimonyFindingsView.as_view(), name="findings"),
            path("review/<int:pk>/language/", TestimonyLanguageView.as_view(), name="language"),
            path("review/<int:pk>/check/", TestimonyTextCheckView.as_view(), name="text_check"),
            path("review/<int:pk>/reveal/", TestimonyRevealView.as_view(), name="reveal"),
            path("review/<int:pk>/contact/", TestimonyContactView.as_view(), name="contact"),
        ]


hooks.register("construct_homepage_panels", moderation_queue_panels)


@hooks.register("register_admin_viewset")
def register_testimony_viewset():
    return TestimonyViewSet("testimony", url_prefix="testimonies")


@hooks.register("register_permissions")
def register_testimony_permissions():
    return Permission.objects.filter(
        content_type__app_label="testimonials",
        codename__in=["review_testimony", "view_raw_testimony", "contact_testimony_author"],
    )


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action("moderation.approve", _("Approve testimony"), _("Testimony approved"))
    actions.register_action("moderation.reject", _("Reject testimony"), _("Testimony rejected"))
    actions.register_action("moderation.retry_redaction", _("Retry redaction"), _("Automatic redaction queued again"))
    actions.register_action(
        "moderation.redact_by_hand",
        _("Redacted by hand"),
        _("Redacted by hand on the revealed original, sent for review"),
    )
    actions.register_action("moderation.finding_decide", _("Redaction decision"), _("Kept or redacted a finding"))
    actions.register_action("moderation.finding_add", _("Redaction added"), _("Marked words to redact"))
    actions.register_action("moderation.mentions_redact", _("Mentions redacted"), _("Redacted every mention"))
    actions.register_action("moderation.wording_edit", _("Wording edited"), _("Changed the public wording"))
    actions.register_action("moderation.reveal", _("Original revealed"), _("Opened the original text"))
    actions.register_action("moderation.approve_first", _("First approval"), _("Approved; a second moderator must too"))
    actions.register_action("moderation.second_review", _("Second review asked"), _("Asked for a second review"))
    actions.register_action("moderation.note", _("Note"), _("Added a note for moderators"))
    actions.register_action(
        "moderation.contact_view", _("Contact details seen"), _("Opened the author's contact details")
    )
    actions.register_action(
        "moderation.contact_denied", _("Contact details refused"), _("Tried to open contact details without permission")
    )
    actions.register_action(
        "moderation.gate_override", _("Approved despite the check"), _("Approved text the personal-data check flagged")
    )
    actions.register_action(
        "moderation.reveal_denied", _("Reveal refused"), _("Tried to open the original text without permission")
    )
