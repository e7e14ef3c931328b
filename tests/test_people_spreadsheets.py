"""Spreadsheets carry the people and the outbound-trip report: delegations export and import their leader (by ID, or
by name when one person has it), decision number and report dates; agreements their signatories."""

import datetime

import pytest

from dnqp.spreadsheets.event_resources import DelegationResource
from dnqp.spreadsheets.unit_resources import AgreementResource
from events.models import Delegation
from tests import spreadsheets as s
from tests.people_helpers import add_people

HEADER = [
    "Chiều", "Mục đích", "Mã đơn vị ta", "Mã đơn vị bạn", "Quốc gia", "Số người", "Ngày bắt đầu", "Ngày kết thúc",
    "Trưởng đoàn (ID)", "Số quyết định cử đoàn", "Ngày phê duyệt", "Hạn báo cáo", "Ngày báo cáo",
]  # fmt: skip


def row(leader, **overrides):
    values = {"Chiều": "Đoàn ra", "Mục đích": "Làm việc", "Mã đơn vị ta": "BP-LN", "Mã đơn vị bạn": "KH-KRT-SNL",
              "Quốc gia": "KH", "Số người": "6", "Ngày bắt đầu": "10/03/2024", "Ngày kết thúc": "12/03/2024",
              "Trưởng đoàn (ID)": leader, "Số quyết định cử đoàn": "12/QĐ-BCH", "Ngày phê duyệt": "01/03/2024",
              "Hạn báo cáo": "27/03/2024", "Ngày báo cáo": ""}  # fmt: skip
    values.update(overrides)
    return [values[h] for h in HEADER]


@pytest.mark.django_db
def test_a_delegation_row_names_its_leader_and_carries_the_report(users, worked_example):
    people = add_people(worked_example)
    result = s.run(DelegationResource(), s.xlsx(HEADER, [row("Trần Văn Bình")]), user=users["staff"])
    assert s.problems(result) == []
    trip = Delegation.objects.get(start_date=datetime.date(2024, 3, 10))
    assert trip.leader_person == people["binh"] and trip.leader_name == "Trần Văn Bình"
    assert (trip.approval_reference, str(trip.approved_on), str(trip.report_due_on), trip.reported_on) == (
        "12/QĐ-BCH",
        "2024-03-01",
        "2024-03-27",
        None,
    )

    exported = s.load(s.export_file(DelegationResource(), Delegation.objects.filter(pk=trip.pk)), "doan.xlsx")
    cells = dict(zip(exported.headers, exported[0], strict=True))
    assert cells["Trưởng đoàn (ID)"] == people["binh"].pk and cells["Số quyết định cử đoàn"] == "12/QĐ-BCH"
    assert str(cells["Hạn báo cáo"])[:10] == "2024-03-27"  # a date cell
    s.set_cell(exported, "Ngày báo cáo", "25/03/2024")  # the report came in: edited in the exported file
    result = DelegationResource(user=users["staff"]).import_data(exported, dry_run=False)
    assert s.problems(result) == []
    trip.refresh_from_db()
    assert str(trip.reported_on) == "2024-03-25" and trip.leader_person == people["binh"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "leader",
    [
        "Lê Văn Cường",  # Tây Ninh's commander: not a person Bình Phước's staff may see
        "Sok Samnang",  # an outbound trip is led by our side
        "Không Có Ai",  # nobody has this name
    ],
)
def test_a_leader_the_user_may_not_name_refuses_the_file(users, worked_example, leader):
    add_people(worked_example)
    before = Delegation.objects.count()
    result = s.run(DelegationResource(), s.xlsx(HEADER, [row(leader)]), user=users["staff"])
    assert [(number, column) for number, column, _message in s.problems(result)] == [(2, "Trưởng đoàn (ID)")]
    assert Delegation.objects.count() == before


@pytest.mark.django_db
def test_agreement_signatories_by_name(users, worked_example):
    people = add_people(worked_example)
    header = ["Số văn bản", "Tiêu đề", "Loại văn bản", "Mã đơn vị ta", "Mã đơn vị bạn", "Ngày ký",
              "Người ký phía ta (ID)", "Người ký phía bạn (ID)"]  # fmt: skip
    rows = [["07/2024/KN", "Kết nghĩa", "Kết nghĩa", "BP-LN", "KH-KRT-SNL", "05/02/2024", "Trần Văn Bình",
             f"Chea Dara #{people['chea'].pk}"]]  # fmt: skip
    result = s.run(AgreementResource(), s.xlsx(header, rows), user=users["staff"])
    assert s.problems(result) == []
    agreement = worked_example["bp_ln"].agreements.get(reference="07/2024/KN")
    assert (agreement.our_signatory_person, agreement.partner_signatory_person) == (people["binh"], people["chea"])
    assert (agreement.signatory_vn_name, agreement.signatory_partner_name) == ("Trần Văn Bình", "Chea Dara")
