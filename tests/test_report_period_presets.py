"""Period presets on the yearly summary: quarters, the first 6 and 9 months and the whole year of the chosen year,
as links that fill ``date_from`` / ``date_to``; the period and the cut-off date printed on every output."""

import datetime
import io
from urllib.parse import parse_qs, urlsplit

import docx
import pytest
from django.urls import reverse

from dnqp.reports.params import PERIOD_PRESETS, period_preset, preset_bounds
from dnqp.reports.yearly import yearly_report

D = datetime.date
EXPECTED_DAYS = {
    "q1": (D(2022, 1, 1), D(2022, 3, 31)),
    "q2": (D(2022, 4, 1), D(2022, 6, 30)),
    "q3": (D(2022, 7, 1), D(2022, 9, 30)),
    "q4": (D(2022, 10, 1), D(2022, 12, 31)),
    "h1": (D(2022, 1, 1), D(2022, 6, 30)),
    "m9": (D(2022, 1, 1), D(2022, 9, 30)),
    "year": (D(2022, 1, 1), D(2022, 12, 31)),
}


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def presets_of(response) -> dict[str, dict]:
    return {preset["key"]: preset for preset in response.context["presets"]}


def test_bounds_of_every_preset_and_back():
    assert [key for key, *_rest in PERIOD_PRESETS] == list(EXPECTED_DAYS)
    for key, days in EXPECTED_DAYS.items():
        assert preset_bounds(key, 2022) == days
        assert period_preset(*days) == key
    assert period_preset(D(2022, 1, 1), D(2022, 5, 15)) is None
    assert period_preset(D(2021, 10, 1), D(2022, 3, 31)) is None
    assert preset_bounds("q1", 2024) == (D(2024, 1, 1), D(2024, 3, 31))


def test_the_page_links_each_preset_of_the_chosen_year_keeping_scope_and_count(analyst_client, worked_example):
    bp = worked_example["bp"]
    query = {"year": 2022, "command": bp.pk, "country": "KH", "by": "current", "year_to": 2023, "format": ""}
    response = analyst_client.get(reverse("yearly-report"), query)
    assert response.status_code == 200
    presets = presets_of(response)
    assert list(presets) == list(EXPECTED_DAYS)
    content = response.content.decode()
    for key, (first, last) in EXPECTED_DAYS.items():
        url = presets[key]["url"]
        assert f'data-preset="{key}"' in content
        params = parse_qs(urlsplit(url).query, keep_blank_values=True)
        assert params == {
            "year": ["2022"],
            "command": [str(bp.pk)],
            "country": ["KH"],
            "by": ["current"],
            "date_from": [first.isoformat()],
            "date_to": [last.isoformat()],
        }, key
    assert not any(preset["active"] for preset in presets.values())  # 2022–2023 is none of them


def test_following_a_preset_gives_exactly_its_days_and_marks_it(analyst_client, users, worked_example):
    bp = worked_example["bp"]
    page = analyst_client.get(reverse("yearly-report"), {"year": 2022, "command": bp.pk})
    assert presets_of(page)["year"]["active"]  # a whole year is the "whole year" preset
    totals = {}
    for key, (first, last) in EXPECTED_DAYS.items():
        response = analyst_client.get(reverse("yearly-report") + presets_of(page)[key]["url"])
        assert response.status_code == 200, key
        report = response.context["report"]
        assert (report["date_from"], report["date_to"]) == (first.isoformat(), last.isoformat())
        assert report == yearly_report(user=users["analyst"], date_from=first, date_to=last, command=bp.pk)
        marked = [preset["key"] for preset in response.context["presets"] if preset["active"]]
        assert marked == [key]
        assert f'data-preset="{key}" aria-current="true"' in response.content.decode()
        totals[key] = report["totals"]
    # The worked example: D1 in April (Q2), D2 on 30 December (Q4); the quarters add up to the year.
    delegations = {key: t["delegations_inbound"] + t["delegations_outbound"] for key, t in totals.items()}
    assert delegations == {"q1": 0, "q2": 1, "q3": 0, "q4": 1, "h1": 1, "m9": 1, "year": 2}
    for metric in ("activities", "expenditure_vnd", "delegations_inbound_members", "agreements_signed"):
        assert sum(totals[q][metric] for q in ("q1", "q2", "q3", "q4")) == totals["year"][metric], metric


def test_the_period_and_cut_off_are_on_every_output(analyst_client, users, worked_example, api_client):
    bp = worked_example["bp"]
    query = {"year": 2022, "command": bp.pk, "date_from": "2022-01-01", "date_to": "2022-09-30"}
    stated = "01/01/2022 – 30/09/2022"
    cut_off = "30/09/2022"
    page = analyst_client.get(reverse("yearly-report"), query).content.decode()
    assert stated in page and cut_off in page
    printed = analyst_client.get(reverse("yearly-report-print"), query).content.decode()
    assert stated in printed and cut_off in printed
    for fmt in ("csv", "xlsx"):
        download = analyst_client.get(reverse("yearly-report"), {**query, "format": fmt})
        assert download.status_code == 200
        assert f"bao-cao-nam-20220101-20220930-BP.{fmt}" in download["Content-Disposition"]
    response = api_client(users["analyst"]).get("/api/v1/reports/yearly/", {**query, "format": "docx"})
    assert response.status_code == 200
    assert "bao-cao-dnqp-20220101-20220930-BP.docx" in response["Content-Disposition"]
    lines = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert (
        "Kết quả công tác đối ngoại quốc phòng 9 tháng đầu năm 2022 (từ ngày 01/01/2022 đến ngày 30/09/2022)" in lines
    )
    assert "Kỳ báo cáo: từ ngày 01/01/2022 đến ngày 30/09/2022; số liệu tính đến hết ngày 30/09/2022." in lines
    # The JSON carries the same two days.
    body = api_client(users["analyst"]).get("/api/v1/reports/yearly/", query).json()
    assert (body["date_from"], body["date_to"]) == ("2022-01-01", "2022-09-30")


def test_a_preset_link_opens_nothing_outside_the_users_scope(client, users, worked_example):
    """The links carry the page's scope; another province's user who edits one in gets a 404, as for any scope."""
    bp = worked_example["bp"]
    client.force_login(users["other_analyst"])
    own = client.get(reverse("yearly-report"), {"year": 2022})
    assert own.status_code == 200 and own.context["report"]["scope"]["code"] == "TN"
    for preset in own.context["presets"]:
        assert "command" not in parse_qs(urlsplit(preset["url"]).query)
    first, last = EXPECTED_DAYS["q2"]
    refused = client.get(
        reverse("yearly-report"),
        {"year": 2022, "command": bp.pk, "date_from": first.isoformat(), "date_to": last.isoformat()},
    )
    assert refused.status_code == 404


def test_no_presets_without_a_report(analyst_client):
    response = analyst_client.get(reverse("yearly-report"), {"year": "abc"})
    assert response.status_code == 400
    assert "presets" not in response.context
    assert "period-presets" not in response.content.decode()
