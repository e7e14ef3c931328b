"""Money: amounts in whole đồng, a foreign amount × its rate rounded half up, and how both are written; a result
as a whole per cent of its target.

Written as Vietnamese documents write them: "1.234.567 ₫", large totals also in "560,5 tỷ đồng"
("1,234,567 ₫" and "560.5 billion đồng" in English). The separators come from the active language's
format module (``dnqp/formats``); one formatter for pages, the admin and the print view.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import get_language

BILLION = 1_000_000_000
# The unit word of the "tỷ đồng" figure per language (a format, like the date format, not a message:
# it must read correctly even before a translation catalogue is compiled).
BILLION_UNIT = {"vi": "tỷ đồng", "en": "billion đồng"}


def group_digits(value: int) -> str:
    """``1234567`` → ``"1.234.567"`` with the active language's thousand separator."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))


def format_vnd(value: int | None) -> str:
    """Whole đồng: ``1234567`` → ``"1.234.567 ₫"`` (empty for None)."""
    return "" if value is None else f"{group_digits(int(value))} ₫"


def format_ty_dong(value: int | None, places: int = 1) -> str:
    """Đồng as billions: ``560_500_000_000`` → ``"560,5 tỷ đồng"`` (rounded half up, trailing zeros dropped)."""
    if value is None:
        return ""
    billions = (Decimal(int(value)) / BILLION).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    whole, _dot, fraction = f"{abs(billions):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = ("-" if billions < 0 else "") + group_digits(int(whole))
    if fraction:
        text += formats.get_format("DECIMAL_SEPARATOR") + fraction
    unit = BILLION_UNIT.get((get_language() or "vi").split("-")[0], BILLION_UNIT["en"])
    return f"{text} {unit}"


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


def percent_of(done: int, target: int) -> int:
    """``done`` as a whole per cent of ``target``, rounded half up (120 for 12 of 10; 67 for 2 of 3)."""
    return (done * 200 + target) // (2 * target)
