"""Admin search is accent- and case-insensitive ("chau duc" finds "Châu Đức") on SQLite and PostgreSQL."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f


@pytest.fixture
def chau_duc(db):
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu")
    chau_duc = f.command("BRVT-CHAUDUC", "Ban CHQS huyện Châu Đức", level="district", parent=brvt)
    xuyen_moc = f.command("BRVT-XUYENMOC", "Ban CHQS huyện Xuyên Mộc", level="district", parent=brvt)
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")
    tbeng = f.partner("KH-PVH-TBM", "Chi khu quân sự Tbeng Meanchey", level="district", parent=pvh)
    return {
        "brvt": brvt,
        "chau_duc": chau_duc,
        "xuyen_moc": xuyen_moc,
        "pvh": pvh,
        "a1": f.agreement(chau_duc, tbeng, "twinning", datetime.date(2020, 12, 15), title="Kết nghĩa Châu Đức"),
        "a2": f.agreement(xuyen_moc, pvh, "cooperation", datetime.date(2021, 3, 1), title="Quy chế phối hợp"),
        "d1": f.delegation(chau_duc, datetime.date(2022, 4, 12), leader_name="Đại tá Nguyễn Văn Đức"),
        "t1": f.activity(chau_duc, datetime.date(2022, 8, 15), title="Giao ban biên giới quý III"),
        "s1": f.expenditure(chau_duc, datetime.date(2022, 4, 13), 80_000_000, beneficiary="Hộ nghèo Tiểu khu"),
        "root": f.user("root", superuser=True),
    }


def search(client, model, term):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("term", ["chau duc", "CHÂU ĐỨC", "Chau  Duc", "huyen chau"])
def test_command_search_ignores_accents_and_case(client, chau_duc, term):
    from partnerships.models import Command

    client.force_login(chau_duc["root"])
    assert search(client, Command, term) == {chau_duc["chau_duc"].pk}


def test_record_searches_ignore_accents(client, chau_duc):
    from events.models import Activity, Delegation, Expenditure
    from partnerships.models import Agreement, PartnerUnit

    client.force_login(chau_duc["root"])
    assert search(client, PartnerUnit, "tieu khu preah") == {chau_duc["pvh"].pk}
    assert search(client, Agreement, "ket nghia chau duc") == {chau_duc["a1"].pk}
    assert search(client, Agreement, "quy che") == {chau_duc["a2"].pk}
    assert search(client, Delegation, "nguyen van duc") == {chau_duc["d1"].pk}
    assert search(client, Activity, "giao ban bien gioi") == {chau_duc["t1"].pk}
    assert search(client, Expenditure, "ho ngheo") == {chau_duc["s1"].pk}
    assert search(client, Agreement, "khong co gi") == set()
