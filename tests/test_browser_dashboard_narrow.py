"""The dashboard on a phone and a tablet: the page itself never scrolls sideways; a wide table scrolls inside its
own box (``.table-wrap``), which stays within the screen, and the cards and charts fit the width."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.test_browser_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
WIDTHS = [PHONE, 768]
# The longest partner name of the demo data, as Vietnamese documents write it.
LONG_PARTNER = "Bộ Tư lệnh Cảnh vệ Hoàng gia, Quân đội Hoàng gia Campuchia (Bodyguard Headquarters)"

ROWS_PER_TABLE = """() => [...document.querySelectorAll("table.data")].map(
  (table) => [...table.rows].filter((row) => row.querySelector("td")).length
)"""
SCROLLING_WRAPS = """() => [...document.querySelectorAll(".table-wrap")].filter(
  (wrap) => wrap.scrollWidth > wrap.clientWidth
).length"""
BOXES = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const box = el.getBoundingClientRect();
  return {html: el.outerHTML.slice(0, 80), left: box.left, right: box.right};
})"""


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


@pytest.fixture
def busy_border_command(users):
    """Tây Ninh (a border province) with a row in every list and table of the dashboard for last year.

    Dates are counted from today: the lists (expiring, coming up, to be closed) are anchored to the real
    date, and last year's border-meeting periods are all past, so the unmet pair is listed as behind.
    """
    today = timezone.localdate()
    year = today.year - 1
    tn = users["other_analyst"].profile.command
    guard = f.partner("KH-BVHG", LONG_PARTNER)
    vientiane = f.partner("LA-VTE", "Bộ Chỉ huy Quân sự tỉnh Viêng Chăn", country="LA")
    f.agreement(
        tn,
        guard,
        "twinning",
        datetime.date(year - 2, 1, 15),
        title=f"Quy chế kết nghĩa giữa {tn.name} và {LONG_PARTNER}",
        valid_until=today + datetime.timedelta(days=40),
    )
    f.agreement(tn, vientiane, "cooperation", datetime.date(year, 2, 1))
    f.delegation(tn, datetime.date(year, 3, 4), members=12, partners=[guard])
    f.delegation(tn, datetime.date(year, 9, 9), direction="outbound", members=6, partners=[vientiane], country="LA")
    f.expenditure(tn, datetime.date(year, 3, 5), 1_250_000_000, category="construction", partner_unit=guard)
    f.expenditure(tn, datetime.date(year, 9, 10), 35_000_000, category="medical", partner_unit=vientiane)
    f.delegation(tn, today + datetime.timedelta(days=10), members=15, partners=[guard], status="planned")
    f.activity(
        tn,
        today - datetime.timedelta(days=20),
        kind="exchange",
        partners=[guard],
        status="planned",
        title=f"Giao lưu văn hóa, thể thao giữa {tn.name} và {LONG_PARTNER}",
    )
    return year


def test_the_dashboard_never_scrolls_sideways_on_a_phone_or_a_tablet(page, live_server, users, busy_border_command):
    log_in(page, live_server, "tonghop_tn")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}{reverse('dashboard')}?year={busy_border_command}")
        assert page.locator("html[lang=vi]").count() == 1
        # Every table of the dashboard has rows: the two beside the charts (support by category, partners by
        # country), agreements expiring and pairs behind on border meetings.
        assert page.evaluate(ROWS_PER_TABLE) == [2, 2, 1, 2], width
        assert page.locator("ul.events li").count() == 2, width  # coming up, to be closed
        assert page.get_by_text(LONG_PARTNER).count() >= 2, width
        inner = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= inner, width
        wraps = page.evaluate(BOXES, ".table-wrap")
        assert len(wraps) == page.locator(".table-wrap table.data").count() == 4, width
        if width == PHONE:
            # The data is wide enough to matter: on a phone the expiring and behind tables scroll in their box.
            assert page.evaluate(SCROLLING_WRAPS) == 2, width
        for selector in (".table-wrap", ".card", ".chart-box", ".chart-box canvas", ".panel"):
            outside = [box for box in page.evaluate(BOXES, selector) if box["left"] < 0 or box["right"] > inner]
            assert outside == [], (width, selector, outside)
