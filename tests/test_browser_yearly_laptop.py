"""The yearly summary on an office laptop (1366 × 900), in Vietnamese, on the demo data: every column of the table,
the support column included, is within the screen, for the widest scope there is (an administrator's) and for a
province with its districts; the table never needs scrolling sideways."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.db.models.functions import ExtractYear
from django.urls import reverse

from events.models import Expenditure
from partnerships.models import Command
from tests import factories as f
from tests.test_browser_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}

# Every header and body cell of the yearly table: its right edge, its text, and whether it is a support cell.
CELLS = """() => [...document.querySelectorAll("table.report-table th, table.report-table td")].map((cell) => {
  const box = cell.getBoundingClientRect();
  return {right: box.right, text: cell.textContent.trim().slice(0, 40), money: cell.classList.contains("money")};
})"""
WRAP = """() => { const wrap = document.querySelector(".table-wrap");
  return {scroll: wrap.scrollWidth, client: wrap.clientWidth}; }"""


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


@pytest.fixture
def demo(db):
    """The demo data (``load_demo``) and the years its support spans, first to last."""
    call_command("load_demo", stdout=io.StringIO())
    span = Expenditure.objects.aggregate(first=Min(ExtractYear("date")), last=Max(ExtractYear("date")))
    assert span["first"] < span["last"]
    return span


def busiest_province():
    """The demo province with the most sub-commands: the most rows in its yearly table."""
    return (
        Command.objects.filter(level="province")
        .annotate(sub_commands=Count("children"))
        .order_by("-sub_commands", "code")
        .first()
    )


def assert_every_column_in_view(page, live_server, params):
    page.goto(f"{live_server.url}{reverse('yearly-report')}?{params}")
    assert page.locator("html[lang=vi]").count() == 1
    cells = page.evaluate(CELLS)
    money = [cell for cell in cells if cell["money"]]
    assert money, params  # a support cell per row and the total
    inner = page.evaluate("window.innerWidth")
    outside = [cell for cell in cells if cell["right"] > inner]
    assert outside == [], (params, inner, outside)
    wrap = page.evaluate(WRAP)
    assert wrap["scroll"] <= wrap["client"], (params, wrap)
    assert page.evaluate("document.documentElement.scrollWidth") <= inner, params
    return money


@pytest.mark.parametrize("who", ["administrator", "province"])
def test_the_yearly_table_fits_a_laptop_screen(page, live_server, demo, who):
    if who == "administrator":
        f.user("quantri_laptop", "admin")
        username = "quantri_laptop"
    else:
        province = busiest_province()
        assert province.children.count() >= 3, province
        f.user("tonghop_tinh", "analyst", province)
        username = "tonghop_tinh"
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server, username)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    # The widest figures: every year of the demo at once (the largest sums), then each end of the span alone.
    widest = assert_every_column_in_view(page, live_server, f"year={demo['first']}&year_to={demo['last']}")
    assert widest[-1]["text"].endswith("₫") and widest[-1]["text"] != "0 ₫", widest[-1]
    for year in (demo["first"], demo["last"]):
        assert_every_column_in_view(page, live_server, f"year={year}")
