"""Money as Vietnamese documents write it: "1.234.567 ₫", large totals in tỷ đồng."""

import pytest
from django.utils import translation

from dnqp.core.money_format import format_vnd, format_vnd_billions


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(1_234_567, "1.234.567 ₫"), (0, "0 ₫"), (999, "999 ₫"), (-80_000_000, "-80.000.000 ₫"), (None, "")],
)
def test_format_vnd(amount, expected):
    assert format_vnd(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (560_000_000_000, "560 tỷ đồng"),
        (1_250_000_000, "1,3 tỷ đồng"),  # rounded half up
        (1_234_000_000_000, "1.234 tỷ đồng"),
        (23_500_500, "0 tỷ đồng"),
    ],
)
def test_format_vnd_billions_in_vietnamese(amount, expected):
    with translation.override("vi"):
        assert format_vnd_billions(amount) == expected


def test_format_vnd_billions_in_english():
    with translation.override("en"):
        assert format_vnd_billions(2_060_000_000, decimals=2) == "2,06 billion đồng"
