from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/site_menu.html", takes_context=True)
def site_menu(context):
    """The live pages under the site's root in the reader's language that editors ticked "show in menus" for."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = site.root_page.localized.get_children().live().public().in_menu() if site else []
    return {"items": items, "current": context.get("page")}
