import hashlib

from django import template
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from testimonials import page_cache

register = template.Library()

# Long enough to matter under load, short enough that a deploy's new wording shows within the hour anyway.
KEPT_SECONDS = 3600


@register.inclusion_tag("includes/site_menu.html", takes_context=True)
def site_menu(context):
    """The live pages under the site's root in the reader's language that editors ticked "show in menus" for."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = site.root_page.localized.get_children().live().public().in_menu() if site else []
    return {"items": items, "current": context.get("page")}


@register.simple_tag(takes_context=True)
def include_kept(context, template_name: str, *vary: object, per_path: bool = False) -> SafeString:
    """`template_name` rendered as `{% include %}` would, kept by this process for the next reader.

    For the parts every reader of a page sees alike (the header, footer and hreflang links; a story's
    article; the call's questions as nobody has answered them yet), whose queries and rendering cost more
    than the page around them. Kept under the language, the address, the values in `vary`, and the
    generation that every change they show replaces (testimonials.page_cache), read before they are
    rendered: a renamed menu page, a new translation or the organisation's new name shows on the next
    request. Never kept for a preview, which shows a draft no change has purged. Nothing in them may
    depend on who is reading: no user, no filled-in form, no CSRF or submission token.
    """
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return _render(context, template_name)
    generation = page_cache.request_generation(request)
    parts = [template_name, get_language(), request.scheme, request.get_host(), generation, *map(str, vary)]
    if per_path:
        parts.append(request.path)
    key = "kept-include:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    if (kept := caches["default"].get(key)) is None:
        kept = _render(context, template_name)
        caches["default"].set(key, str(kept), timeout=KEPT_SECONDS)
    return mark_safe(kept)  # noqa: S308 (our own template's output, escaped as it rendered)


def _render(context, template_name: str) -> SafeString:
    return mark_safe(context.template.engine.get_template(template_name).render(context))  # noqa: S308
