"""The pages in a real browser (Playwright + Debian's chromium): log in, charts drawn with no console error and
no request leaving the server, a filter narrows a list, the yearly XLSX download holds the expected totals."""

import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse

from events.models import Delegation
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-123"
CHARTS = ("chart-months", "chart-categories", "chart-trend", "chart-countries")
DOCS = Path(__file__).resolve().parent.parent / "docs"

CANVAS_HAS_PIXELS = """(id) => {
  const canvas = document.getElementById(id);
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) return true; }
  return false;
}"""


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


def watch(page):
    """Record every request URL and every console error or uncaught exception of ``page``."""
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return requests, errors


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click(".login-box button[type=submit]")
    page.wait_for_url(live_server.url + reverse("dashboard"))


def assert_only_local_requests(requests, live_server):
    host = urlsplit(live_server.url).netloc
    outside = [url for url in requests if urlsplit(url).netloc != host]
    assert requests and not outside, outside


def assert_charts_drawn(page, charts=CHARTS):
    for chart in charts:
        page.wait_for_selector(f"#{chart}[data-drawn=true]", timeout=10_000)
        assert page.evaluate(CANVAS_HAS_PIXELS, chart), f"{chart} is blank"


def test_login_then_dashboard_charts_draw_with_no_error_and_no_outside_request(page, live_server, users):
    requests, errors = watch(page)
    log_in(page, live_server, "chihuy_bp")
    page.goto(f"{live_server.url}/?year=2022")
    assert_charts_drawn(page)
    assert page.locator(".card").count() == 8  # partner units: all and twinned (revision 2)
    assert errors == []
    assert_only_local_requests(requests, live_server)


def test_a_filter_narrows_the_list(page, live_server, users):
    requests, errors = watch(page)
    log_in(page, live_server, "tonghop_bp")
    page.goto(live_server.url + reverse("delegation-list"))
    assert page.locator("table.data tbody tr").count() == 3
    page.select_option("select[name=direction]", "outbound")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**direction=outbound**")
    assert page.locator("table.data tbody tr").count() == 1
    assert page.locator("select[name=direction]").input_value() == "outbound"  # the filter keeps its value
    assert errors == []
    assert_only_local_requests(requests, live_server)


def test_yearly_xlsx_download_holds_the_expected_totals(page, live_server, users, worked_example):
    log_in(page, live_server, "tonghop_bp")
    page.goto(f"{live_server.url}{reverse('yearly-report')}?year=2022&command={worked_example['bp'].pk}")
    with page.expect_download() as download_info:
        page.click(".page-actions a:text-is('XLSX')")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:-1]] == ["BP", "BP-LN"]
    # signed, in force, partners, inbound/persons, outbound/persons, activities, support (worked example)
    # signed, in force, twinned, all partners; inbound, outbound (done, persons); planned in, out; activities
    # done, planned; remains found, repatriated; support, of which to partners (as tests/test_pages_yearly.py).
    assert rows[-1][2:18] == (2, 3, 2, 3, 1, 20, 1, 8, 0, 0, 2, 0, 0, 0, 103_500_500, 103_500_500)


def test_dashboard_screenshot_with_demo_data(page, live_server, tmp_path, db):
    """Charts draw on the demo data too; DNQP_SCREENSHOT=1 saves the picture as docs/screenshot-dashboard.png."""
    call_command("load_demo", stdout=io.StringIO())
    f.user("xem_demo", "admin")
    busiest = (
        Delegation.objects.annotate(y=ExtractYear("start_date"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("-n", "-y")
        .values_list("y", flat=True)
        .first()
    )
    requests, errors = watch(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "xem_demo")
    page.click(".lang-switch button[value=vi]")  # the switch posts to set_language and comes back
    page.wait_for_selector("html[lang=vi]")
    page.goto(f"{live_server.url}/?year={busiest}")
    assert_charts_drawn(page, ("chart-months", "chart-trend"))
    assert errors == []
    assert_only_local_requests(requests, live_server)
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("DNQP_SCREENSHOT") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copy(shot, DOCS / "screenshot-dashboard.png")
