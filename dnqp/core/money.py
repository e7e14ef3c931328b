"""Money: amounts in whole đồng, a foreign amount × its rate rounded half up, exactly on both databases."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver


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
def _register_product(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("dnqp_product_half_up", 2, _sqlite_product_half_up, deterministic=True)
