"""Creates what a fresh site needs: its pages, staff roles, demo incidents and staff accounts.

Every function is idempotent, so `make run` can call them on every start.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from moderation.roles import COMMUNICATIONS, MODERATORS, roles_ensure
from testimonials.incident_import import incidents_import_records
from testimonials.models import CallForTestimonialsPage, StoryIndexPage

from .demo_content import (
    CALL_PAGE,
    DEMO_INCIDENTS,
    DEMO_ORGANISATION,
    HOME_PAGE,
    PRIVACY_PAGE,
    STORY_INDEX,
    TRANSLATED_PAGES,
)
from .models import HomePage, Organisation, PrivacyPage


@dataclass(frozen=True)
class CreatedAccount:
    username: str
    password: str
    role: str


def _tree_root_ensure() -> Page:
    # Wagtail's migrations create the default locale and the tree's root; a flushed database has neither.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", live=True))


def home_page_ensure() -> HomePage:
    """Replace Wagtail's placeholder welcome page with our HomePage as the default site's root."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = _tree_root_ensure()
    placeholders = list(root.get_children().exclude(content_type__model="homepage"))
    for placeholder in placeholders:
        placeholder.slug = f"old-{placeholder.pk}"
        placeholder.save(update_fields=["slug"], clean=False)
    home = root.add_child(instance=HomePage(**HOME_PAGE, slug="home"))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Testimonies"
        )
    else:
        site.root_page = home
        site.save()
    for placeholder in placeholders:
        placeholder.delete()
    return home


def _child_page_ensure(parent: Page, model, fields: dict):
    # By type, or by address: a site made before the page had its own type keeps the page it has.
    existing = (
        model.objects.child_of(parent).first() or Page.objects.child_of(parent).filter(slug=fields["slug"]).first()
    )
    if existing:
        return existing.specific
    page = parent.add_child(instance=model(**fields))
    page.save_revision().publish()
    return page


def translation_ensure(page: Page, language: str, fields: dict) -> Page:
    """`page` in `language`'s locale (Wagtail's translation of it), with that language's wording, live.

    Its parent must be translated first; an existing translation is left as editors made it.
    """
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if existing := page.get_translation_or_none(locale):
        return existing.specific
    parent = page.get_parent()
    if not parent.is_root():
        parent = parent.get_translation(locale)
    # Made whole in its language rather than copied then edited: an edited slug would leave a redirect.
    # Live from the start, as its English original; editors' first save gives it a revision.
    return parent.add_child(
        instance=page.specific_class(
            **fields, locale=locale, translation_key=page.translation_key, live=True, first_published_at=timezone.now()
        )
    )


def _translations_ensure(pages: dict[str, Page]) -> dict[str, list[Page]]:
    """Every page of `pages` in every other language of the site; each key's pages, all languages."""
    by_key = {key: [page] for key, page in pages.items()}
    for language, wording in TRANSLATED_PAGES.items():
        home = translation_ensure(pages["home"], language, {**wording["home"], "slug": f"home-{language}"})
        by_key["home"].append(home)
        for key, page in pages.items():
            if key != "home":
                by_key[key].append(translation_ensure(page, language, wording[key]))
    return by_key


def organisation_ensure() -> Organisation:
    """The demo's organisation, so that the consent wording and the privacy notice name someone; an
    organisation already named is left as its administrators set it."""
    organisation = Organisation.current()
    if not organisation.name:
        for field, value in DEMO_ORGANISATION.items():
            setattr(organisation, field, value)
        organisation.save()
    return organisation


def staff_account_ensure(*, username: str, email: str, group: str | None = None) -> CreatedAccount | None:
    """Create a staff account with a generated password; None if it already exists (its password is kept)."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return None
    password = secrets.token_urlsafe(12)
    if group is None:
        User.objects.create_superuser(username=username, email=email, password=password)
    else:
        user = User.objects.create_user(username=username, email=email, password=password)
        user.groups.add(Group.objects.get(name=group))
    return CreatedAccount(username=username, password=password, role=group or "Administrator")


@transaction.atomic
def site_bootstrap(*, with_demo_accounts: bool = True) -> list[CreatedAccount]:
    home = home_page_ensure()
    pages = _translations_ensure(
        {
            "home": home,
            "call": _child_page_ensure(home, CallForTestimonialsPage, CALL_PAGE),
            "stories": _child_page_ensure(home, StoryIndexPage, STORY_INDEX),
            "privacy": _child_page_ensure(home, PrivacyPage, PRIVACY_PAGE),
        }
    )
    roles_ensure(story_roots=pages["stories"])
    organisation_ensure()
    incidents_import_records(DEMO_INCIDENTS)
    if not with_demo_accounts:
        return []
    accounts = [
        staff_account_ensure(username="moderator", email="moderator@example.org", group=MODERATORS),
        staff_account_ensure(username="communications", email="communications@example.org", group=COMMUNICATIONS),
        staff_account_ensure(username="admin", email="admin@example.org"),
    ]
    return [account for account in accounts if account]
