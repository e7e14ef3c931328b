"""The admin in a real browser (Playwright + Debian's chromium): the signing ceremony with autocomplete rows,
accent-free search typed into the autocomplete, no console error (CSP) and no request leaving the server."""

from urllib.parse import urlsplit

import pytest

from partnerships.models import Agreement
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-123"


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


@pytest.fixture
def brvt(role_groups):
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu")
    f.command("BRVT-CHAUDUC", "Ban CHQS huyện Châu Đức", level="district", parent=brvt)
    f.command("BRVT-XUYENMOC", "Ban CHQS huyện Xuyên Mộc", level="district", parent=brvt)
    f.command("LA", "Bộ CHQS tỉnh Long An")  # another province: never offered to BR-VT's staff
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")
    f.partner("KH-PVH-CHEP", "Chi khu quân sự Chhep", level="district", parent=pvh)
    f.partner("KH-PVH-TBM", "Chi khu quân sự Tbeng Meanchey", level="district", parent=pvh)
    f.user("nhaplieu_brvt", "staff", brvt)


def pick(page, row, field, typed, expected):
    """Open the autocomplete of ``field`` in ``row``, type ``typed``, choose the option ``expected``."""
    page.click(f"#pair-{row} .field-{field} .select2-selection")
    page.wait_for_selector(".select2-container--open .select2-results__option:not(.loading-results)")
    words = typed.split()
    with page.expect_response(
        lambda response: "/autocomplete/" in response.url and all(w in response.url for w in words)
    ):
        page.type(".select2-container--open .select2-search__field", typed)
    page.wait_for_selector(".select2-container--open .select2-results__option:not(.loading-results)")
    offered = page.locator(".select2-container--open .select2-results__option").all_inner_texts()
    page.locator(".select2-container--open .select2-results__option", has_text=expected).click()
    return offered


def test_ceremony_with_autocomplete_in_the_browser(page, live_server, brvt):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/partnerships/agreement/ceremony/")
    page.fill("input[name=username]", "nhaplieu_brvt")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/ceremony/")

    page.fill("input[name=title]", "Kết nghĩa Ban CHQS cấp huyện với Chi khu quân sự")
    page.fill("input[name=signed_on]", "15/12/2020")
    page.fill("input[name=reference_prefix]", "KN-2020/")
    assert pick(page, 1, "command", "chau duc", "Châu Đức") == ["Ban CHQS huyện Châu Đức"]
    pick(page, 1, "partner_unit", "chhep", "Chhep")
    offered = pick(page, 2, "command", "huyen", "Xuyên Mộc")
    assert "Bộ CHQS tỉnh Long An" not in offered
    pick(page, 2, "partner_unit", "tbeng", "Tbeng Meanchey")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/partnerships/agreement/?id__in=*")

    assert sorted(Agreement.objects.values_list("reference", "command__code")) == [
        ("KN-2020/1", "BRVT-CHAUDUC"),
        ("KN-2020/2", "BRVT-XUYENMOC"),
    ]
    assert page.locator("#result_list tbody tr").count() == 2
    assert errors == [], errors
    host = urlsplit(live_server.url).netloc
    assert [url for url in requests if urlsplit(url).netloc != host] == []
