"""What a staff officer reads, written as they write it: border-meeting periods ("quý IV/2022", "6 tháng cuối năm
2022"), "Tất cả" as the filters' empty choice, the login error, one date for a one-day event, and a report of a
period still running said to run to today."""

import datetime
import io

import docx
from django.urls import reverse
from django.utils import timezone

from dnqp.reports.border_meetings import period_display, periods_display


def test_period_labels_read_as_officers_write_them():
    assert period_display("2026-07") == "tháng 7/2026"
    assert period_display("2026-Q3") == "quý III/2026"
    assert period_display("2019-H1") == "6 tháng đầu năm 2019"
    assert period_display("2019-H2") == "6 tháng cuối năm 2019"


def test_the_file_says_the_periods_in_words_and_the_api_keeps_the_labels(client, users, worked_example, api_client):
    w = worked_example
    client.force_login(users["analyst"])
    response = client.get(reverse("border-meetings-report"), {"year": 2022, "format": "csv"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "quý IV/2022" in csv and "6 tháng cuối năm 2022" in csv
    api = api_client(users["analyst"]).get("/api/v1/reports/border-meetings/", {"year": 2022, "command": w["bp"].pk})
    assert sorted(label for row in api.json()["rows"] for label in row["missing"]) == ["2022-H2", "2022-Q4"]


def test_the_dashboard_lists_the_missed_periods_in_words(client, users, worked_example):
    client.force_login(users["analyst"])
    html = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert "6 tháng cuối năm 2022" in html and "quý IV/2022" in html


def test_filters_offer_all_not_dashes(client, users, worked_example):
    client.force_login(users["analyst"])
    for name in ("agreement-list", "delegation-list", "activity-list", "expenditure-list"):
        html = client.get(reverse(name)).content.decode()
        assert ">Tất cả</option>" in html, name
        assert "---------" not in html, name


def test_a_wrong_password_is_said_plainly(client, users):
    response = client.post(reverse("login"), {"username": "tonghop_bp", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng (có phân biệt chữ hoa, chữ thường)." in response.content.decode()


def test_a_one_day_event_shows_one_date(client, users, worked_example):
    w = worked_example
    client.force_login(users["analyst"])
    d3 = client.get(reverse("delegation-detail", args=[w["d3"].pk])).content.decode()  # 01/05/2022, one day
    assert "<dt>Thời gian</dt><dd>01/05/2022</dd>" in d3
    d1 = client.get(reverse("delegation-detail", args=[w["d1"].pk])).content.decode()
    assert "<dt>Thời gian</dt><dd>12/04/2022 – 14/04/2022</dd>" in d1


def test_a_running_period_is_counted_to_today(client, users, worked_example):
    today = timezone.localdate()
    running = {"date_from": f"{today.year - 1}-01-01", "date_to": (today + datetime.timedelta(days=30)).isoformat()}
    client.force_login(users["analyst"])
    html = client.get(reverse("yearly-report"), running).content.decode()
    assert f"số liệu tính đến ngày {today:%d/%m/%Y}, kỳ báo cáo chưa kết thúc" in html
    document = client.get(reverse("yearly-report"), running | {"format": "docx"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert f"số liệu tính đến ngày {today:%d/%m/%Y}, kỳ báo cáo chưa kết thúc." in text
    past = client.get(reverse("yearly-report"), {"year": 2022}).content.decode()
    assert "số liệu tính đến hết ngày 31/12/2022" in past


def test_the_dashboard_s_year_box_shows_the_year_it_shows(client, users, worked_example):
    client.force_login(users["analyst"])
    year = timezone.localdate().year
    html = client.get(reverse("dashboard")).content.decode()
    assert f'name="year" value="{year}"' in html
    assert 'name="year" value="2022"' in client.get(reverse("dashboard"), {"year": 2022}).content.decode()


def test_what_is_not_a_period_label_is_shown_as_it_is():
    for text in ("2022-13", "2022-00", "2022-Q5", "2022-H3", "abcd-Q1", "", "Q4"):
        assert period_display(text) == text
    assert period_display(None) == "None"
    assert periods_display("2022-Q4") == "quý IV/2022"  # one label, not its characters
    assert periods_display(["2022-Q4", "2022-12"]) == "quý IV/2022, tháng 12/2022"


def test_a_merged_command_is_said_merged_from_the_day_after(client, users, worked_example):
    """Bình Phước's last day was 30/06/2025: it was merged into Đồng Nai from 01/07/2025 (not "dissolved →")."""
    client.force_login(users["analyst"])
    listing = " ".join(client.get(reverse("command-list")).content.decode().split())
    assert "hợp nhất vào" in listing and "từ ngày 01/07/2025" in listing
    assert "→" not in listing
    profile = " ".join(client.get(reverse("command-detail", args=[worked_example["bp"].pk])).content.decode().split())
    assert "Bộ CHQS tỉnh Đồng Nai</a> từ ngày 01/07/2025" in profile


def test_reversed_dates_in_a_list_s_filters_are_said_so(client, users, worked_example, api_client):
    client.force_login(users["analyst"])
    reversed_days = {"signed_after": "01/01/2027", "signed_before": "01/01/2020"}
    response = client.get(reverse("agreement-list"), reversed_days)
    assert response.status_code == 400
    assert "Ngày này trước ngày ở ô “Ký từ ngày”." in response.content.decode()
    api = api_client(users["analyst"]).get(
        "/api/v1/delegations/", {"start_after": "2022-12-31", "start_before": "2022-01-01"}
    )
    assert api.status_code == 400 and "start_before" in api.json()
    in_order = client.get(reverse("agreement-list"), {"signed_after": "01/01/2016", "signed_before": "31/12/2022"})
    assert in_order.status_code == 200 and len(in_order.context["object_list"]) == 3
