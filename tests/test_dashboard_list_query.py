"""The dashboard's links carry the same query strings as ``urlencode(..., doseq=True)`` of their filters."""

import pytest
from django.utils.http import urlencode

from dnqp.web.report_views import COUNTED, list_query

CASES = [
    {"year": 2024, "command": 17},
    {"in_force_year": 2024, "country": "KH", "command": None},
    {
        "direction": "inbound",
        "status": COUNTED,
        "command": 5,
        "start_after": "2024-02-01",
        "start_before": "2024-02-29",
    },
    {"kind": "border_meeting", "command": 3, "partner_unit": 99, "year": 2022},
    {"q": "Bình Phước & Lộc Ninh / 100%", "status": ["a b", "c+d"], "empty": "", "none": None, "nothing": []},
    {"category": "gifts", "year": 2005, "tuple": ("x", 1)},
]


@pytest.mark.parametrize("params", CASES)
def test_same_as_urlencode(params):
    clean = {k: v for k, v in params.items() if v not in (None, "", [])}
    assert list_query(**params) == urlencode(clean, doseq=True)
    assert list_query(**params) == list_query(**params)  # from the memo of quoted values: still the same
