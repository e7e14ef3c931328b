"""A dissolved command takes nothing new after its last day; its agreements run on by their own dates.

Bình Phước (BP) was merged into Đồng Nai (DN) after 30/06/2025 (docs/WORKED_EXAMPLE.md).
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from dnqp.spreadsheets.event_resources import ExpenditureResource
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command
from tests import spreadsheets as s

D = datetime.date


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


AFTER_BODIES = {
    "agreements": lambda w: {"title": "Biên bản hợp tác năm 2026", "kind": "cooperation", "command": w["bp"].pk,
                             "partner_unit": w["krt"].pk, "signed_on": "2026-01-15"},
    "delegations": lambda w: {"direction": "inbound", "purpose": "courtesy", "command": w["bp"].pk,
                              "partner_units": [w["krt"].pk], "country": "KH", "member_count": 5,
                              "start_date": "2025-07-01", "end_date": "2025-07-02"},
    "activities": lambda w: {"kind": "border_meeting", "title": "Giao ban quý III/2025", "command": w["bp"].pk,
                             "partner_units": [w["krt"].pk], "start_date": "2025-08-01", "end_date": "2025-08-01"},
    "expenditures": lambda w: {"date": "2025-12-01", "command": w["bp"].pk, "partner_unit": w["krt"].pk,
                               "category": "gifts", "funding_source": "province", "amount_vnd": 10_000_000},
}  # fmt: skip
MODELS = {"agreements": Agreement, "delegations": Delegation, "activities": Activity, "expenditures": Expenditure}


@pytest.mark.parametrize("resource", AFTER_BODIES)
def test_api_refuses_a_record_dated_after_the_last_day_and_names_the_successor(
    resource, users, worked_example, api_client
):
    before = MODELS[resource].objects.count()
    response = api_client(users["superuser"]).post(
        f"/api/v1/{resource}/", AFTER_BODIES[resource](worked_example), format="json"
    )
    assert response.status_code == 400, response.content
    message = response.json()["command"][0]
    assert "Bộ CHQS tỉnh Bình Phước đã giải thể sau ngày 30/06/2025" in message
    assert "Bộ CHQS tỉnh Đồng Nai" in message
    # The successor may be outside the clerk's scope: who can help is named.
    assert "đề nghị quản trị viên chuyển tài khoản sang đơn vị kế tục" in message
    assert MODELS[resource].objects.count() == before


def test_a_record_on_the_last_day_is_still_accepted(users, worked_example, api_client):
    body = AFTER_BODIES["expenditures"](worked_example) | {"date": "2025-06-30"}
    response = api_client(users["staff"]).post("/api/v1/expenditures/", body, format="json")
    assert response.status_code == 201, response.content


def test_staff_of_another_province_cannot_even_try(users, worked_example, api_client):
    response = api_client(users["other_staff"]).post(
        "/api/v1/expenditures/", AFTER_BODIES["expenditures"](worked_example), format="json"
    )
    assert response.status_code == 400
    assert "giải thể" not in response.json()["command"][0]  # refused for the scope, before any date rule


def test_admin_form_refuses_the_agreement_with_the_successors_name(client, users, worked_example):
    w = worked_example
    client.force_login(users["superuser"])
    response = client.post(
        reverse("admin:partnerships_agreement_add"),
        {
            "title": "Biên bản hợp tác năm 2026",
            "kind": "cooperation",
            "command": w["bp"].pk,
            "partner_unit": w["krt"].pk,
            "signed_on": "15/01/2026",
            "_save": "Lưu",
        },
    )
    assert response.status_code == 200
    assert "đơn vị kế tục nhiệm vụ" in response.content.decode()
    assert "<title>Lỗi: " in response.content.decode()  # not Django's English "Error:"
    assert "Bộ CHQS tỉnh Đồng Nai" in response.content.decode()
    assert not Agreement.objects.filter(title="Biên bản hợp tác năm 2026").exists()


def test_import_refuses_the_row_and_writes_nothing(users, worked_example):
    header = ["Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Số chứng từ"]
    content = s.xlsx(
        header,
        [
            ["01/06/2025", "BP", "Quà", "Tỉnh", "5.000.000", "PC-1"],
            ["15/01/2026", "BP", "Quà", "Tỉnh", "5.000.000", "PC-2"],
        ],
    )
    result = s.run(ExpenditureResource(), content, user=users["superuser"])
    problems = s.problems(result)
    assert len(problems) == 1 and problems[0][0] == 3
    assert "Bộ CHQS tỉnh Đồng Nai" in problems[0][2]
    assert not Expenditure.objects.filter(voucher__startswith="PC-").exists()


def test_the_database_refuses_a_write_that_skips_the_forms(worked_example):
    with pytest.raises(IntegrityError), transaction.atomic():
        Expenditure.objects.filter(pk=worked_example["s1"].pk).update(date=D(2026, 1, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Command.objects.filter(pk=worked_example["bp"].pk).update(valid_until=D(2022, 1, 1))
    # An update leaving the dates and the command alone still passes.
    Expenditure.objects.filter(pk=worked_example["s1"].pk).update(beneficiary="Tiểu khu Quân sự Kratie")


def test_dissolution_before_existing_records_is_refused(users, worked_example, api_client):
    response = api_client(users["superuser"]).patch(
        f"/api/v1/commands/{worked_example['bp'].pk}/",
        {"valid_until": "2022-01-01", "version": worked_example["bp"].version},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "chuyển chúng sang đơn vị kế tục" in response.json()["valid_until"][0]
    worked_example["bp"].refresh_from_db()
    assert worked_example["bp"].valid_until == D(2025, 6, 30)


def test_an_open_ended_agreement_outlives_its_command(client, users, worked_example):
    """As the worked example says: on 23/11/2026 P1 (Bình Phước–Kratie, open-ended, signed 2016) is in force,
    although Bình Phước was dissolved on 30/06/2025; its page says who carries it on."""
    p1 = worked_example["p1"]
    assert Agreement.objects.in_force(D(2026, 11, 23)).filter(pk=p1.pk).exists()
    assert p1.status_on(D(2026, 11, 23)) == "in_force"
    client.force_login(users["successor_analyst"])
    content = client.get(p1.get_absolute_url()).content.decode()
    assert "Đơn vị ký đã giải thể sau ngày 30/06/2025" in content
    assert "văn bản tiếp tục có hiệu lực theo thời hạn ghi trong văn bản" in content
    assert "Bộ CHQS tỉnh Đồng Nai, đơn vị kế tục nhiệm vụ, tiếp tục thực hiện văn bản này" in content
    # P3 belongs to Lộc Ninh, which still exists: nothing said.
    assert "Đơn vị ký đã giải thể" not in client.get(worked_example["p3"].get_absolute_url()).content.decode()


def test_an_agreement_no_longer_in_force_says_nothing_of_it(client, users, worked_example):
    client.force_login(users["successor_analyst"])
    # P2 ended on 31/12/2022, before the command; P1 ended after it (on 31/12/2025) but is over by now.
    assert "Đơn vị ký đã giải thể" not in client.get(worked_example["p2"].get_absolute_url()).content.decode()
    p1 = worked_example["p1"]
    p1.valid_until = D(2025, 12, 31)
    p1.save()
    assert "Đơn vị ký đã giải thể" not in client.get(p1.get_absolute_url()).content.decode()


def test_yearly_report_counts_the_agreement_by_its_own_dates(users, worked_example, api_client):
    client = api_client(users["superuser"])
    bp, dn = worked_example["bp"].pk, worked_example["dn"].pk
    in_2026 = client.get("/api/v1/reports/yearly/", {"year": 2026, "command": bp}).json()
    assert in_2026["totals"]["agreements_in_force"] == 2  # P1 and P3, under Bình Phước as recorded
    by_current = client.get("/api/v1/reports/yearly/", {"year": 2026, "command": dn, "by": "current"}).json()
    assert by_current["totals"]["agreements_in_force"] == 2  # Đồng Nai carries both on
    assert by_current["totals"]["partners_twinned"] == 2
    in_force = client.get("/api/v1/agreements/", {"in_force_year": 2026}).json()
    assert {row["id"] for row in in_force["results"]} == {worked_example["p1"].pk, worked_example["p3"].pk}
