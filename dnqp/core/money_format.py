"""Display helpers shared by pages, the admin and exports: Vietnamese money and number formats."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def group_thousands(value: int) -> str:
    """``1234567`` → ``"1.234.567"`` (Vietnamese groups thousands with a dot)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_vnd(value: int | None) -> str:
    """Whole đồng as Vietnamese documents write them: ``1234567`` → ``"1.234.567 ₫"`` (empty for None)."""
    if value is None:
        return ""
    return f"{group_thousands(value)} ₫"


def format_vnd_billions(value: int | None, decimals: int = 1) -> str:
    """Large totals in tỷ đồng: ``560_000_000_000`` → ``"560 tỷ đồng"``, ``1_250_000_000`` → ``"1,3 tỷ đồng"``."""
    if value is None:
        return ""
    billions = (Decimal(int(value)) / 1_000_000_000).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _dot, frac = f"{abs(billions)}".partition(".")
    number = ("-" if billions < 0 else "") + group_thousands(int(whole))
    if frac.rstrip("0"):
        number += "," + frac.rstrip("0")
    return _("%(amount)s billion đồng") % {"amount": number}
