"""Database helpers shared by every app: accent-insensitive search that works on SQLite and PostgreSQL."""

import functools
import json
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics: "Châu Đức" → "chau duc"."""
    if not text:
        return ""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class Fold(models.Func):
    """SQL counterpart of :func:`fold`: ``lower(unaccent(x))`` on PostgreSQL, a Python function on SQLite."""

    output_field = models.TextField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="dnqp_fold", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # public.unaccent is created by migration partnerships 0001 (CreateExtension).
        return super().as_sql(compiler, connection, template="lower(public.unaccent(%(expressions)s))", **extra_context)


def product_half_up(a, b) -> int:
    """``a × b`` rounded half up to a whole number, in exact decimal arithmetic.

    Takes decimals, integers, or the floats in which SQLite hands back a decimal column: ``str()`` of such
    a float is the shortest decimal that reads back as it, i.e. the value that was stored ("0.29").
    """
    return int((Decimal(str(a)) * Decimal(str(b))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _sqlite_product_half_up(a, b):
    if a is None or b is None:
        return None
    result = product_half_up(a, b)
    return result if result < 2**63 else -1  # beyond SQLite's integers: equal to no amount, so refused


class ProductHalfUp(models.Func):
    """SQL ``a × b`` rounded half up, exact on both databases.

    PostgreSQL multiplies ``numeric`` exactly and its ``round`` takes halves away from zero. SQLite keeps a
    decimal column as a binary float, so ``ROUND(0.29 * 50)`` there is 14, not 15: it calls
    :func:`product_half_up` instead.
    """

    arity = 2
    template = "ROUND((%(expressions)s), 0)"
    arg_joiner = " * "
    output_field = models.BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="dnqp_product_half_up(%(expressions)s)", arg_joiner=", ", **extra_context
        )


@receiver(connection_created)
def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("dnqp_fold", 1, fold, deterministic=True)
        connection.connection.create_function("dnqp_product_half_up", 2, _sqlite_product_half_up, deterministic=True)


class IdArray:
    """Ids for ``__any_of``, wrapped so that Django takes them as ONE value.

    Django walks a list or tuple given to a lookup element by element (``resolve_lookup_value`` looks
    for expressions in each, ``check_related_objects`` checks each against the related model): 2,000
    calls for a report's four queries over a region's 548 commands. The ids are plain integers
    computed from the command tree: nothing to resolve or check.
    """

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = tuple(sorted(set(map(int, ids))))

    def __len__(self):
        return len(self.ids)


@models.Field.register_lookup
class AnyOf(models.Lookup):
    """``field__any_of=[1, 2, 3]``: the same rows as ``__in`` with a list, cheaper to build and to plan.

    On PostgreSQL the list is ONE array parameter (``field = ANY(%s)``): Django's ``__in`` prepares every
    value and writes one placeholder each, which for the ~550 commands of a military region cost more
    than the query itself (reports filter four to twelve queries so). Elsewhere a plain ``IN``.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        if isinstance(self.rhs, IdArray):
            return self.rhs.ids
        return tuple(sorted(set(map(int, self.rhs))))

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, _kept_literal(self.rhs)]


@functools.lru_cache(maxsize=256)
def _kept_literal(ids: tuple[int, ...]) -> str:
    # A scope's ids are the same tuple for every query of every request until the command tree changes.
    return int_array_literal(ids)


def int_array_literal(ids) -> str:
    """``[1, 2, 3]`` as PostgreSQL's array text ``{1,2,3}``: ONE string parameter for ``%s::bigint[]``.

    The same array as psycopg2's adaptation of a list (``ARRAY[1,2,3]``), cheaper on both sides: psycopg2
    quotes a list element by element on every execution (for a region's ~550 commands, more CPU than the
    query's own Python), and PostgreSQL plans one constant instead of an ``ARRAY[...]`` of ~550 (measured:
    planning 1.8 -> 0.8 ms for a query with three such arrays).
    """
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


models.ForeignObject.register_lookup(AnyOf)  # ``command__any_of=ids`` (Django keeps relations' lookups apart)


def search_q(fields: list[str], query: str) -> tuple[dict, models.Q]:
    """Annotations and a filter that match every word of ``query`` in any of ``fields``, accent-insensitive.

    Returns ``(annotations, q)`` for ``qs.annotate(**annotations).filter(q)``.
    """
    annotations = {
        f"_fold_{i}": Fold(models.functions.Coalesce(field, models.Value(""))) for i, field in enumerate(fields)
    }
    q = models.Q()
    for word in fold(query).split():
        word_q = models.Q()
        for alias in annotations:
            word_q |= models.Q(**{f"{alias}__contains": word})
        q &= word_q
    return annotations, q


def search(queryset: models.QuerySet, fields: list[str], query: str) -> models.QuerySet:
    """Filter ``queryset`` to rows where every word of ``query`` appears in one of ``fields``."""
    if not query or not query.strip():
        return queryset
    annotations, q = search_q(fields, query)
    return queryset.alias(**annotations).filter(q)


class VersionedModel(models.Model):
    """A record that carries an edit counter, so a stale edit is refused instead of overwriting."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


MAPPED = "dnqp_map"


def regroup_by_mapping(
    sql: str, params, *, table: str, column: str, mapping: dict[int, int], vendor: str
) -> tuple[str, tuple]:
    """``sql``, a grouped query whose first column is ``table.column``, grouped instead by the value
    ``mapping`` gives that column; rows whose column the mapping does not hold are left out.

    For reports that roll records up over the command tree: the tree says, per command, which row of the
    report its records count in, and the database sums per row directly (a region's yearly report: ~150
    groups instead of ~4,000 per-command groups for Python to read and add up). The mapping is joined
    as ONE pair of arrays (PostgreSQL ``unnest``) or ONE JSON object (SQLite ``json_each``); the join
    keeps the index on ``column`` usable. The query must be a ``.values(column, ...).annotate(...)``
    compiled by Django, which groups by select positions (so the first group is the replaced column).
    """
    quoted_column = f'"{table}"."{column}"'
    head = f'SELECT {quoted_column} AS "{column}"'
    from_table = f' FROM "{table}"'
    at = sql.find(from_table)
    group_by = sql.rfind(" GROUP BY ")
    if not sql.startswith(head) or at < 0 or group_by < at or quoted_column in sql[group_by:]:
        raise ValueError(f"not a query grouped by {quoted_column} first: {sql[:200]}")
    if vendor == "postgresql":
        ids, rows = zip(*sorted(mapping.items()), strict=True) if mapping else ((), ())
        source = f'unnest(%s::bigint[], %s::bigint[]) AS "{MAPPED}"("id", "row")'
        on, value = f'"{MAPPED}"."id" = {quoted_column}', f'"{MAPPED}"."row"'
        extra = [int_array_literal(ids), int_array_literal(rows)]
    else:
        source = f'json_each(%s) AS "{MAPPED}"'
        on = f'CAST("{MAPPED}"."key" AS INTEGER) = {quoted_column}'
        value = f'"{MAPPED}"."value"'
        extra = [json.dumps({str(int(k)): int(v) for k, v in mapping.items()}, separators=(",", ":"))]
    end_of_from = at + len(from_table)
    before = sql[:end_of_from]
    n_before = before.count("%s")
    regrouped = (
        f'SELECT {value} AS "{column}"' + before[len(head) :] + f" INNER JOIN {source} ON ({on})" + sql[end_of_from:]
    )
    params = list(params)
    return regrouped, (*params[:n_before], *extra, *params[n_before:])
