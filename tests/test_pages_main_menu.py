"""The header's main menu: every entry linked, in Vietnamese, the current page's entry marked (the dashboard on
itself only, the others on their pages and below); shown to logged-in users only, the admin link to staff only."""

import re

import pytest

MENU = [
    ("/", "Tổng quan"),
    ("/agreements/", "Văn bản ký kết"),
    ("/delegations/", "Đoàn ra, đoàn vào"),
    ("/activities/", "Hoạt động"),
    ("/support/", "Chi hỗ trợ"),
    ("/commands/", "Đơn vị ta"),
    ("/partners/", "Đơn vị bạn"),
    ("/persons/", "Nhân sự"),
    ("/reports/yearly/", "Báo cáo tổng hợp năm"),
    ("/reports/border-meetings/", "Giao ban biên giới"),
    ("/reports/remains/", "Quy tập hài cốt"),
    ("/map/", "Bản đồ"),
]


def menu_links(html: str) -> list[tuple[str, str, bool]]:
    nav = re.search(r'<nav class="main-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no main menu"
    return [
        (href, label, bool(current))
        for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav[1])
    ]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/agreements/", "/agreements/"),
        ("/reports/yearly/?year=2022", "/reports/yearly/"),
        ("/reports/yearly/print/?year=2022", None),  # the paper layout has no menu
        ("/commands/{bp}/", "/commands/"),
    ],
)
def test_every_entry_linked_and_the_current_one_marked(client, users, worked_example, path, current):
    client.force_login(users["analyst"])
    response = client.get(path.format(bp=worked_example["bp"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    if current is None:
        assert '<nav class="main-nav"' not in html
        return
    links = menu_links(html)
    labels = {href: label for href, label, _current in links}
    assert [href for href, _label, _current in links] == [href for href, _label in MENU]
    for href, label in MENU:
        assert labels[href] == label, href
    assert [href for href, _label, is_current in links if is_current] == [current]


def test_no_menu_before_login(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<nav class="main-nav"' not in html


def test_admin_link_for_staff_only(client, users):
    client.force_login(users["analyst"])
    assert 'href="/admin/"' not in client.get("/").content.decode()  # an analyst is refused the admin
    client.force_login(users["staff"])
    assert 'href="/admin/"' in client.get("/").content.decode()
