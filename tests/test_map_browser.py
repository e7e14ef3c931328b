"""The map in a real browser (Playwright + Debian's chromium): the country outlines, the units and the lines are
drawn with nothing asked of another host; a click on a unit (or Enter on it) opens its profile; names in Khmer and
Lao script are drawn with the fonts the application serves."""

import pytest
from django.urls import reverse

from tests.map_helpers import placed_example
from tests.test_browser_pages import assert_only_local_requests, log_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KHMER = "ស្នួល"  # Snuol
LAO = "ອັດຕະປື"  # Attapeu

FONTS_LOADED = """async () => {
  await document.fonts.ready;
  return [...document.fonts].filter((face) => face.status === "loaded").map((face) => face.family.replace(/"/g, ""));
}"""


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


@pytest.fixture
def example(worked_example, users):
    w = placed_example(worked_example, users)
    w["snl"].name_original = KHMER
    w["snl"].save()
    # Lộc Ninh deals with Attapeu too (a visit, no agreement): Attapeu is listed under the map, with no coordinates.
    w["lonely"].name_original = LAO
    w["lonely"].save()
    w["d2"].partner_units.add(w["lonely"])
    return w


def test_the_map_draws_offline_and_a_click_opens_the_profile(page, live_server, users, example):
    requests, errors = watch(page)
    log_in(page, live_server, "chihuy_bp")
    page.goto(f"{live_server.url}{reverse('map')}?year=2022")
    page.wait_for_selector("#map[data-drawn=true]", timeout=15_000)

    assert page.locator("path.map-country-VN").count() == 1
    assert page.locator("path.map-country-KH").count() == 1 and page.locator("path.map-country-LA").count() == 1
    assert page.locator("#map .map-unit-command").count() == 2  # Bình Phước and Lộc Ninh
    assert page.locator("#map .map-unit-partner").count() == 3  # Kratie, Mondulkiri, Snuol (Attapeu has no coordinates)
    assert page.locator("path.map-pair").count() == 3
    assert page.locator("path.map-pair-twinning").count() == 2
    assert page.locator("path.map-pair-annual_plan").count() == 1
    assert page.locator(".map-unplaced").get_by_text(example["lonely"].name).count() == 1
    # Khmer and Lao names (the pairs' table, the list under the map) are drawn with the application's own fonts.
    assert page.get_by_text(KHMER).count() >= 1 and page.get_by_text(LAO).count() == 1
    families = page.evaluate(FONTS_LOADED)
    assert "Noto Sans Khmer" in families and "Noto Sans Lao" in families
    assert any("/static/vendor/fonts/noto-sans-khmer-khmer-400-normal.woff2" in url for url in requests)
    assert any("/static/geo/countries-region-50m.json" in url for url in requests)

    page.click(f'[data-unit="partner_unit-{example["krt"].pk}"]')
    page.wait_for_url(f"{live_server.url}{reverse('partner-unit-detail', args=[example['krt'].pk])}")
    assert page.locator("h1").inner_text().strip().startswith(example["krt"].name)

    # From the keyboard: a unit takes the focus, Enter opens its profile.
    page.go_back()
    page.wait_for_selector("#map[data-drawn=true]", timeout=15_000)
    page.focus(f'[data-unit="command-{example["bp_ln"].pk}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{reverse('command-detail', args=[example['bp_ln'].pk])}")

    assert errors == []
    assert_only_local_requests(requests, live_server)


ARCHIPELAGO_LABELS_INSIDE = """() => {
  const box = document.querySelector("#map").getBoundingClientRect();
  return [...document.querySelectorAll("#map .map-place-label")].map((label) => {
    const r = label.getBoundingClientRect();
    const inside = r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
    return [label.textContent.trim(), inside];
  });
}"""


def test_the_archipelagos_names_are_whole_in_the_first_view(page, live_server, users, example):
    """Hoàng Sa and Trường Sa are Việt Nam's: the first view holds both names whole, on a laptop's screen."""
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "chihuy_bp")
    page.goto(f"{live_server.url}{reverse('map')}?year=2022")
    page.wait_for_selector("#map[data-drawn=true]", timeout=15_000)
    labels = dict(page.evaluate(ARCHIPELAGO_LABELS_INSIDE))
    assert labels == {"Quần đảo Hoàng Sa (Việt Nam)": True, "Quần đảo Trường Sa (Việt Nam)": True}
