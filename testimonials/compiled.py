"""Hot queries built by the ORM once per database connection, then run with each request's own values.

On the public pages' hottest paths (the page cache's check on every hit, a story's route), building and
compiling a queryset took as long as running it. The ORM still writes every query here, joins and columns
included; it does so once, with stand-ins where a request's values go, and each run puts its values there.
Every other value stays as it was compiled: a query that reads the clock (a date, a time) is refused, since
it would keep the moment it was first built.
"""

from collections.abc import Callable, Hashable, Sequence
from datetime import date, time
from functools import cached_property
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


class CompiledQuery:
    """A queryset as its compiler wrote it, and where each stand-in's value went among the parameters."""

    def __init__(self, queryset: QuerySet, stand_ins: Sequence[Any] = ()) -> None:
        self._queryset = queryset
        self._compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = self._compiler.as_sql()
        self._params = list(params)
        self._slots = [self._slot(stand_in) for stand_in in stand_ins]
        if _reads_the_clock(queryset):
            raise ValueError("A query that reads the clock cannot be compiled once: it would keep its first time.")

    @cached_property
    def _row_builder(self) -> tuple[type[Model], slice, list[str], list]:
        """How a row becomes an instance, worked out once (Django's ModelIterable does it on every run)."""
        klass_info, select = self._compiler.klass_info, self._compiler.select
        columns = slice(klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1)
        names = [column[0].target.attname for column in select[columns]]
        populators = get_related_populators(klass_info, select, self._queryset.db, self._queryset._fetch_mode)
        return klass_info["model"], columns, names, populators

    def _slot(self, stand_in: Any) -> int:
        slots = [index for index, param in enumerate(self._params) if param == stand_in]
        if len(slots) != 1:
            # A stand-in used twice, or equal to another value, would put a request's value in the wrong place.
            raise ValueError(f"The stand-in {stand_in!r} is {len(slots)} of the query's parameters, not one.")
        return slots[0]

    def params(self, *values: Any) -> list:
        """The parameters, each stand-in replaced by its value (in the order the stand-ins were given)."""
        params = list(self._params)
        for slot, value in zip(self._slots, values, strict=True):
            params[slot] = value
        return params

    def rows(self, *values: Any) -> list[tuple]:
        with connections[self._queryset.db].cursor() as cursor:
            cursor.execute(self.sql, self.params(*values))
            return cursor.fetchall()

    def instances(self, *values: Any) -> list[Model]:
        """The model instances the queryset would give for these values, its select_related and annotations
        included, built from the rows as Django's ModelIterable builds them."""
        db, fetch_mode = self._queryset.db, self._queryset._fetch_mode
        model, columns, names, populators = self._row_builder
        found = []
        for row in self._compiler.results_iter(results=[self.rows(*values)]):
            instance = model.from_db(db, names, row[columns], fetch_mode=fetch_mode)
            for populator in populators:
                populator.populate(row, instance)
            for name, position in self._compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found


def _reads_the_clock(queryset: QuerySet) -> bool:
    """Whether a condition compares with a date or a time taken in Python, in the query or its subqueries (SQL's
    own clock, `Now()`, is read each time the query runs, and is fine)."""
    query = queryset.query
    return _compares_with_a_time(query.where) or any(
        _compares_with_a_time(annotation) for annotation in query.annotations.values()
    )


def _compares_with_a_time(node: Any) -> bool:
    rhs = getattr(node, "rhs", None)
    values = rhs if isinstance(rhs, list | tuple | set | frozenset) else [rhs]
    if any(isinstance(value, date | time) for value in values):
        return True
    nested = list(getattr(node, "children", ()))
    # Exists and Subquery hold a query; a filter on one compares it (its lhs) with True; a lookup may compare
    # with a subquery (its rhs).
    for inner in (node, getattr(node, "lhs", None), rhs):
        query = getattr(inner, "query", inner)
        if hasattr(query, "where") and query is not node:
            nested.append(query.where)
    return any(_compares_with_a_time(child) for child in nested)


def compiled(key: Hashable, build: Callable[[], CompiledQuery]) -> CompiledQuery:
    """The query `build` makes, compiled once per database connection (a thread's; a web process's one)."""
    connection = connections[DEFAULT_DB_ALIAS]
    kept = connection.__dict__.setdefault("_compiled_queries", {})
    if key not in kept:
        kept[key] = build()
    return kept[key]
