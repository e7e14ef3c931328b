"""The application on a phone (390 × 844), in Vietnamese, on the demo data: the menu folds away behind a button and
opens on a tap, the dashboard's heading is in the first screen and its cards stand one under another, a list's
filters fold away so that its rows come first, and no page scrolls sideways (a wide table scrolls in its own
box). On a laptop the menu stays open and no button shows. All with the page's Content-Security-Policy: a console
error (a refused script among them) fails the test."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Delegation
from partnerships.models import Agreement, Command, Person
from tests import factories as f
from tests.test_browser_pages import assert_only_local_requests, log_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
CARD_BOXES = """() => [...document.querySelectorAll(".card")].map((card) => {
  const box = card.getBoundingClientRect();
  return {x: box.x, top: box.top, bottom: box.bottom, right: box.right};
})"""


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


@pytest.fixture
def phone_user(db):
    """The demo data and an administrator (the widest scope, the most figures on the dashboard)."""
    call_command("load_demo", stdout=io.StringIO())
    f.user("quantri_dienthoai", "admin")
    return "quantri_dienthoai"


def open_page(page, live_server, name):
    page.goto(live_server.url + reverse(name))
    assert page.locator("html[lang=vi]").count() == 1


def assert_no_sideways_scroll(page, name):
    inner = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= inner, name


def test_on_a_phone_the_menu_folds_and_the_dashboard_comes_first(page, live_server, phone_user):
    requests, errors = watch(page)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, phone_user)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    open_page(page, live_server, "dashboard")

    # The menu is folded: its entries are hidden, its button shows and says it is closed.
    toggle = page.locator(".nav-toggle")
    entries = page.locator("#main-nav a")
    assert entries.count() >= 5
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not entries.first.is_visible()
    # The dashboard's heading is in the first screen, in its upper half.
    heading = page.locator("h1").bounding_box()
    assert 0 <= heading["y"] < PHONE["height"] / 2, heading
    assert heading["y"] + heading["height"] <= PHONE["height"], heading

    # The cards stand one under another: one column, same left edge, each below the previous, within the screen.
    cards = page.evaluate(CARD_BOXES)
    assert len(cards) >= 4
    assert {round(card["x"]) for card in cards} == {round(cards[0]["x"])}, cards
    assert all(below["top"] >= above["bottom"] for above, below in zip(cards, cards[1:], strict=False)), cards
    assert all(card["right"] <= PHONE["width"] for card in cards), cards
    # The charts too: each as wide as the column, one under another.
    charts = [box.bounding_box() for box in page.locator(".chart-box").all()]
    assert len(charts) >= 2
    assert {round(chart["x"]) for chart in charts} == {round(cards[0]["x"])}, charts
    assert_no_sideways_scroll(page, "dashboard")

    # A tap opens the menu (every entry visible, in the screen); another closes it; Escape closes it too.
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    for entry in entries.all():
        assert entry.is_visible()
        box = entry.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert_no_sideways_scroll(page, "dashboard, menu open")
    toggle.click()
    assert not entries.first.is_visible()
    toggle.click()
    page.keyboard.press("Escape")
    assert not entries.first.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"

    # A menu entry leads on: the delegations' list.
    toggle.click()
    page.click(f"#main-nav a[href='{reverse('delegation-list')}']")
    page.wait_for_url(f"**{reverse('delegation-list')}")
    assert errors == []
    assert_only_local_requests(requests, live_server)


def test_on_a_phone_a_list_shows_its_rows_first_and_no_page_scrolls_sideways(page, live_server, phone_user):
    requests, errors = watch(page)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, phone_user)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    open_page(page, live_server, "delegation-list")
    # The filters are folded behind their button; the first rows are in the first screen.
    assert not page.locator("#list-filters").is_visible()
    rows = page.locator("table.data tbody tr")
    assert rows.count() >= 2
    assert rows.first.bounding_box()["y"] < PHONE["height"]
    # The table scrolls in its own box, which stays within the screen.
    wrap = page.locator(".table-wrap").bounding_box()
    assert wrap["x"] >= 0 and wrap["x"] + wrap["width"] <= PHONE["width"], wrap
    assert_no_sideways_scroll(page, "delegation-list")
    # A tap on "Bộ lọc" opens the filters, and they work.
    page.click(".fold-toggle")
    assert page.locator("#list-filters").is_visible()
    page.select_option("select[name=direction]", "outbound")
    page.click("#list-filters button[type=submit]")
    page.wait_for_url("**direction=outbound**")
    assert page.locator(".fold-toggle").inner_text().endswith("(1)")  # one filter in use
    assert_no_sideways_scroll(page, "delegation-list, filtered")

    for name in ("yearly-report", "agreement-list", "partner-unit-list", "command-list"):
        open_page(page, live_server, name)
        assert_no_sideways_scroll(page, name)
    assert errors == []
    assert_only_local_requests(requests, live_server)


def test_on_a_phone_no_profile_or_record_page_scrolls_sideways(page, live_server, phone_user):
    """Their tables (posts, agreements, delegations, activities, support, members) scroll in their own box."""
    signer = Person.objects.get(name="Chan So Pheak Tra")  # signed an agreement and led a delegation
    agreement = Agreement.objects.filter(partner_signatory_person=signer).first()
    delegation = Delegation.objects.filter(expenditures__isnull=False).first()  # its support lines
    paths = [
        reverse("command-detail", args=[Command.objects.get(code="BRVT").pk]),
        reverse("partner-unit-detail", args=[agreement.partner_unit_id]),
        reverse("person-detail", args=[signer.pk]),
        reverse("agreement-detail", args=[agreement.pk]),
        reverse("delegation-detail", args=[delegation.pk]),
    ]
    requests, errors = watch(page)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, phone_user)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("table.data").count() >= 1, path
        assert_no_sideways_scroll(page, path)
    assert errors == []
    assert_only_local_requests(requests, live_server)


def test_on_a_laptop_the_menu_stays_open(page, live_server, phone_user):
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server, phone_user)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    open_page(page, live_server, "dashboard")
    assert not page.locator(".nav-toggle").is_visible()
    entries = page.locator("#main-nav a")
    assert all(entry.is_visible() for entry in entries.all())
    open_page(page, live_server, "delegation-list")
    assert not page.locator(".fold-toggle").is_visible()
    assert page.locator("#list-filters").is_visible()
