"""Wagtail's page tree, in queries the ORM can build once (testimonials.compiled) and reuse."""

from django.db.models import Q, Value
from wagtail.models import Page


def children_of(page: Page) -> Q:
    """Wagtail's `child_of`, with the parent's path a plain value rather than a LIKE pattern: the same pages,
    in a query that can be compiled once and run for any parent (stand-ins for its path and depth)."""
    return Q(path__startswith=Value(page.path), depth=page.depth + 1)
