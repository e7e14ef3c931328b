"""Money as Vietnamese documents write it: "1.234.567 ₫", large totals in tỷ đồng; English separators in English."""

import pytest
from django.utils import translation

from dnqp.core.money import format_ty_dong, format_vnd


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(1_234_567, "1.234.567 ₫"), (0, "0 ₫"), (999, "999 ₫"), (-80_000_000, "-80.000.000 ₫"), (None, "")],
)
def test_format_vnd(amount, expected):
    with translation.override("vi"):
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
def test_format_ty_dong_in_vietnamese(amount, expected):
    with translation.override("vi"):
        assert format_ty_dong(amount) == expected


def test_english_separators_in_english():
    with translation.override("en"):
        assert format_vnd(1_234_567) == "1,234,567 ₫"
        assert format_ty_dong(2_060_000_000, places=2) == "2.06 billion đồng"
