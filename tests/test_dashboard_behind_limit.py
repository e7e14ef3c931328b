"""The dashboard lists at most BEHIND_LIMIT pairs behind on border meetings and says how many more the
full border-meetings report holds (a region has about a hundred border pairs)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dnqp.web.report_views import BEHIND_LIMIT
from tests import factories as f

D = datetime.date


@pytest.fixture
def many_pairs(db):
    region = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    for i in range(BEHIND_LIMIT + 3):
        command = f.command(f"BG{i:02d}", f"Ban CHQS huyện biên giới {i:02d}", level="district", parent=region)
        command.is_border = True
        command.save()
        f.agreement(command, f.partner(f"KH-{i:02d}", f"Chi khu {i:02d}", level="district"), "twinning", D(2020, 1, 1))
    return region


def test_at_most_the_limit_and_a_count_of_the_rest(many_pairs, client):
    client.force_login(f.user("tonghop_qk7", "analyst", many_pairs))
    with translation.override("vi"):
        response = client.get(reverse("dashboard"), {"year": 2024}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr><td>Ban CHQS huyện biên giới") == BEHIND_LIMIT  # table rows (the scope select lists all)
    assert "Còn 3 cặp khác." in html
    assert reverse("border-meetings-report") in html


def test_no_count_when_every_pair_is_shown(worked_example, users, client):
    client.force_login(users["analyst"])
    response = client.get(reverse("dashboard"), {"year": 2022}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "cặp khác" not in response.content.decode()
