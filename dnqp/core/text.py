"""Accent-insensitive text: "chau duc" finds "Châu Đức", on SQLite and PostgreSQL alike."""

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip Vietnamese (Latin) diacritics: "Châu Đức" → "chau duc". Only the Latin
    combining accents (U+0300–U+036F) go, as PostgreSQL's ``unaccent`` removes them: Khmer and Lao signs stay,
    so a name in its own script is found alike on both databases."""
    if not text:
        return ""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")).lower()


class Fold(models.Func):
    """SQL counterpart of :func:`fold`: ``lower(unaccent(x))`` on PostgreSQL, a Python function on SQLite."""

    output_field = models.TextField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="dnqp_fold", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # public.unaccent is created by migration partnerships 0001 (CreateExtension).
        return super().as_sql(compiler, connection, template="lower(public.unaccent(%(expressions)s))", **extra_context)


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


def search_kept_text(queryset: models.QuerySet, query: str, column: str = "search_text") -> models.QuerySet:
    """Filter ``queryset`` to rows whose ``column`` holds every word of ``query``.

    ``column`` holds the row's searched texts already folded, one per line, kept by the database (for records:
    ``partnerships/search.py``): one ``LIKE '%word%'`` per word, which a trigram index answers on PostgreSQL.
    """
    words = fold(query).split() if query else []
    q = models.Q()
    for word in words:
        q &= models.Q(**{f"{column}__contains": word})
    return queryset.filter(q) if words else queryset


@receiver(connection_created)
def _register_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("dnqp_fold", 1, fold, deterministic=True)
