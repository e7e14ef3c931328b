"""The dashboard's reminders panel in a real browser: what falls due in the user's scope, one heading per kind, a
click opens the record to fix, the link to all reminders opens the page, and on a phone the panel fits the screen."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reminders_helpers import make_due
from tests.test_browser_pages import log_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
HEADINGS = [
    "Văn bản hết hiệu lực trong 90 ngày tới, chưa ký văn bản tiếp nối",
    "Kế hoạch năm chưa được phê duyệt trước ngày 01/12",
    "Cặp kết nghĩa chưa có hoạt động chung trong 12 tháng",
    "Đoàn ra quá hạn báo cáo kết quả",
    "Đoàn, hoạt động theo kế hoạch đã qua ngày kết thúc, chưa cập nhật kết quả",
]


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


def test_the_panel_lists_what_falls_due_and_opens_the_record_to_fix(page, live_server, users):
    due = make_due(timezone.localdate())
    _requests, errors = watch(page)
    log_in(page, live_server, "tonghop_tn")  # Tây Ninh's analyst
    panel = page.locator("#reminders-panel")
    panel.wait_for()
    assert panel.locator("h2").inner_text().startswith("Nhắc việc")
    assert [h.split("\n")[0].rsplit(" ", 1)[0] for h in panel.locator("h3.reminder-kind").all_inner_texts()] == HEADINGS
    # The overdue report opens its delegation's page (an analyst enters no data: the page, not the admin).
    delegation = due["due"]["reports_overdue"]
    panel.get_by_role("link", name="Đại tá Nguyễn Văn Hùng", exact=False).click()
    page.wait_for_url(f"{live_server.url}{reverse('delegation-detail', args=[delegation.pk])}")
    page.go_back()
    page.locator("#reminders-panel").get_by_role("link", name="Xem tất cả nhắc việc").click()
    page.wait_for_url(f"{live_server.url}{reverse('reminders')}")
    assert page.locator("section.reminder-section").count() == len(HEADINGS)
    assert page.locator("#reports_overdue table.data tbody tr").count() == 1
    assert errors == []

    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto(live_server.url + reverse("dashboard"))
    box = page.locator("#reminders-panel").bounding_box()
    inner = page.evaluate("window.innerWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= inner
    assert page.evaluate("document.documentElement.scrollWidth") <= inner


def test_a_user_of_another_command_sees_none_of_them(page, live_server, users):
    due = make_due(timezone.localdate())
    log_in(page, live_server, "tonghop_bp")  # Bình Phước's analyst
    panel = page.locator("#reminders-panel")
    panel.wait_for()
    text = panel.inner_text()
    assert "Đại tá Nguyễn Văn Hùng" not in text
    assert due["tn"].name not in text
