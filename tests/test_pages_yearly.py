"""The yearly summary page shows exactly what yearly_report() computes, downloads it, prints it, and never 500s."""

import io

import openpyxl
import pytest
from django.http import Http404
from django.urls import reverse

from dnqp.models import ExportLog
from dnqp.reports.yearly import yearly_report
from tests.pages_helpers import add_rows


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def test_page_figures_equal_the_reporting_module(analyst_client, users, worked_example):
    w = worked_example
    response = analyst_client.get(reverse("yearly-report"), {"year": 2022, "command": w["bp"].pk})
    assert response.status_code == 200
    expected = yearly_report(user=users["analyst"], year=2022, command=w["bp"].pk)
    assert response.context["report"] == expected
    assert expected["totals"]["expenditure_vnd"] == 103_500_500
    content = response.content.decode()
    assert "103.500.500 ₫" in content
    assert "0,1 tỷ đồng" in content
    assert "80.000.000 ₫" in content


def test_by_current_organisation_moves_the_merged_province(client, users, worked_example):
    w = worked_example
    client.force_login(users["superuser"])
    params = {"year": 2022, "command": w["dn"].pk, "by": "current"}
    response = client.get(reverse("yearly-report"), params)
    expected = yearly_report(user=users["superuser"], year=2022, command=w["dn"].pk, by="current")
    assert response.context["report"] == expected
    assert response.context["report"]["totals"]["expenditure_vnd"] == 103_500_500
    recorded = client.get(reverse("yearly-report"), {**params, "by": "recorded"}).context["report"]
    assert recorded["totals"]["expenditure_vnd"] == 0


def test_a_range_of_years(analyst_client, users, worked_example):
    response = analyst_client.get(reverse("yearly-report"), {"year": 2016, "year_to": 2025})
    expected = yearly_report(user=users["analyst"], year=2016, year_to=2025)
    assert response.context["report"] == expected
    assert "01/01/2016 – 31/12/2025" in response.content.decode()


def test_default_is_this_year_in_the_users_scope(analyst_client, worked_example):
    response = analyst_client.get(reverse("yearly-report"))
    assert response.status_code == 200
    assert response.context["report"]["scope"]["code"] == "BP"


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": 2022, "year_to": 2020},
        {"year": 2022, "country": "XX"},
        {"year": 2022, "by": "sideways"},
        {"year": 1200},
        {"year": 2022, "command": "not-a-number"},
    ],
)
def test_invalid_parameters_give_form_errors_not_a_500(analyst_client, worked_example, params):
    response = analyst_client.get(reverse("yearly-report"), params)
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    assert "report" not in response.context
    assert analyst_client.get(reverse("yearly-report"), {**params, "format": "xlsx"}).status_code == 400
    assert analyst_client.get(reverse("yearly-report-print"), params).status_code == 400


def test_another_scopes_command_is_404(client, users, worked_example):
    client.force_login(users["other_analyst"])
    assert client.get(reverse("yearly-report"), {"year": 2022, "command": worked_example["bp"].pk}).status_code == 404
    with pytest.raises(Http404):
        yearly_report(user=users["other_analyst"], year=2022, command=worked_example["bp"].pk)


def test_xlsx_download_holds_the_totals(analyst_client, users, worked_example):
    params = {"year": 2022, "command": worked_example["bp"].pk, "format": "xlsx"}
    response = analyst_client.get(reverse("yearly-report"), params)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:-1]] == ["BP", "BP-LN"]
    totals = rows[-1]
    # signed, in force, twinned, all partners; inbound done/persons, outbound done/persons; planned in, out;
    # activities done, planned; remains found, repatriated; support, of which to partners.
    assert totals[2:18] == (2, 3, 2, 3, 1, 20, 1, 8, 0, 0, 2, 0, 0, 0, 103_500_500, 103_500_500)
    assert sheet.freeze_panes == "A2"
    entry = ExportLog.objects.get()
    assert entry.user == users["analyst"] and entry.file_format == "xlsx" and entry.row_count == 2


def test_csv_download_has_a_bom_and_the_same_rows(analyst_client, worked_example):
    response = analyst_client.get(
        reverse("yearly-report"), {"year": 2022, "command": worked_example["bp"].pk, "format": "csv"}
    )
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4  # headers, BP, BP-LN, totals
    assert lines[-1].split(",")[16] == "103500500"  # support, after the counts (as in the XLSX)


def test_print_view_has_title_scope_period_totals_and_no_navigation(analyst_client, worked_example):
    response = analyst_client.get(reverse("yearly-report-print"), {"year": 2022, "command": worked_example["bp"].pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert "main-nav" not in content and "site-header" not in content
    assert "css/print.css" in content and "size: A4" not in content  # the page size lives in print.css
    assert "Bộ CHQS tỉnh Bình Phước".upper() in content
    assert "01/01/2022 – 31/12/2022" in content
    assert "103.500.500 ₫" in content
    assert response.context["printed_on"] is not None


def test_yearly_page_is_refused_to_anonymous(client, worked_example):
    for name in ("yearly-report", "yearly-report-print"):
        response = client.get(reverse(name), {"year": 2022})
        assert response.status_code == 302 and reverse("login") in response["Location"]


# Queries of the yearly page, for a scoped analyst:
#  0. the session (kept in the database, not the cache: docs/OPERATIONS.md)
#  1. the session's user with their groups (roles) and command id (dnqp.access.accounts)
#  2. the user's command (its level decides which levels the scope select leaves out)   3. the commands of
#     the scope select (2 and 3 only when the form is rendered: with the report cache on it is kept)
#  4. the command tree (for rows and roll-up)
#  5-8. the four grouped aggregates: agreements, delegations, activities, support
#  9. the targets of the approved annual plans
YEARLY_PAGE_QUERIES = 1 + 9
# The download: no form, so neither the user's command nor the select of commands (2, 3: the scope itself
# comes with the user), plus the INSERT of the export log entry.
YEARLY_EXPORT_QUERIES = 1 + 8


@pytest.mark.parametrize("rows", [10, 200])
def test_yearly_page_query_count_does_not_grow(analyst_client, worked_example, django_assert_num_queries, rows):
    add_rows(worked_example, rows)
    with django_assert_num_queries(YEARLY_PAGE_QUERIES):
        response = analyst_client.get(reverse("yearly-report"), {"year": 2022})
    assert response.context["report"]["totals"]["agreements_signed"] >= rows


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_yearly_export_query_count_does_not_grow(
    analyst_client, worked_example, django_assert_num_queries, rows, file_format
):
    add_rows(worked_example, rows)
    with django_assert_num_queries(YEARLY_EXPORT_QUERIES):
        response = analyst_client.get(reverse("yearly-report"), {"year": 2022, "format": file_format})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
