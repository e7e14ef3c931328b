"""The border-meetings page shows border_meetings_report(), downloads it (logged), and refuses bad input."""

import pytest
from django.urls import reverse

from dnqp.models import ExportLog
from dnqp.reports.border_meetings import border_meetings_report


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def test_page_rows_equal_the_reporting_module(analyst_client, users, worked_example):
    w = worked_example
    response = analyst_client.get(reverse("border-meetings-report"), {"year": 2022, "command": w["bp"].pk})
    assert response.status_code == 200
    assert response.context["report"] == border_meetings_report(user=users["analyst"], year=2022, command=w["bp"].pk)
    content = response.content.decode()
    # The periods as an officer writes them (the JSON keeps "2022-H2", "2022-Q4").
    assert "6 tháng cuối năm 2022" in content and "quý IV/2022" in content and "2022-Q4" not in content
    # The "held" figure links to the border meetings behind it.
    assert f"kind=border_meeting&amp;command={w['bp_ln'].pk}&amp;partner_unit={w['snl'].pk}&amp;year=2022" in content


def test_download_is_logged(analyst_client, users, worked_example):
    response = analyst_client.get(reverse("border-meetings-report"), {"year": 2022, "format": "xlsx"})
    assert response.status_code == 200
    entry = ExportLog.objects.get()
    assert entry.user == users["analyst"] and entry.what == "border_meetings" and entry.row_count == 2


def test_bad_input_is_400_and_another_scope_is_404(client, users, worked_example):
    client.force_login(users["other_analyst"])
    url = reverse("border-meetings-report")
    assert client.get(url, {"year": "abc"}).status_code == 400
    assert client.get(url, {"year": 2022, "format": "pdf"}).status_code == 400
    assert client.get(url, {"year": 2022, "command": worked_example["bp"].pk}).status_code == 404
    assert client.get(url, {"year": 2022}).context["report"]["rows"] == []


def test_anonymous_is_sent_to_login(client, worked_example):
    response = client.get(reverse("border-meetings-report"), {"year": 2022})
    assert response.status_code == 302 and reverse("login") in response["Location"]
