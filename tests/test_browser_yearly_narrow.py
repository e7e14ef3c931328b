"""The yearly summary's form on narrow screens: the "count by" radio buttons keep clear of the country picker
(below it, with room between), no picker runs under its neighbour and nothing makes the page scroll sideways."""

import pytest
from django.urls import reverse

from tests.test_browser_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone first; then the widths where a 16rem picker used to spill out of its column (over the next picker at
# 480 and 700 px, touching it at 576 px).
WIDTHS = [375, 480, 576, 700]
PHONE_MAX = 576


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_count_by_radios_keep_clear_of_the_country_picker_on_narrow_screens(page, live_server, users):
    log_in(page, live_server, "tonghop_bp")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}{reverse('yearly-report')}?year=2022")
        assert page.locator("label:text-is('Cách tính')").count() == 1  # the Vietnamese page
        country = page.locator("select[name=country]").bounding_box()
        radios = page.locator("#id_by").bounding_box()
        assert not overlap(radios, country), (width, radios, country)
        if width <= PHONE_MAX:
            # One column: the radios come below the picker, with room between (the field's label and a gap).
            assert radios["y"] >= country["y"] + country["height"] + 8, (width, radios, country)
        controls = [
            page.locator(selector).bounding_box()
            for selector in (
                ".report-form input[name=year]",
                ".report-form input[name=year_to]",
                "select[name=command]",
                "#id_by",
            )
        ]
        assert not [box for box in controls if overlap(box, country)], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
