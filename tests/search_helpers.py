"""Records with names in three scripts, and the three places a user searches them: the lists, the admin, the API."""

import datetime

from django.urls import reverse

from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement
from tests import factories as f

D = datetime.date
MODELS = {"agreements": Agreement, "delegations": Delegation, "activities": Activity, "support": Expenditure}
LIST_URLS = {
    "agreements": "agreement-list",
    "delegations": "delegation-list",
    "activities": "activity-list",
    "support": "expenditure-list",
}
API_URLS = {
    "agreements": "/api/v1/agreements/",
    "delegations": "/api/v1/delegations/",
    "activities": "/api/v1/activities/",
    "support": "/api/v1/expenditures/",
}
SVAY_RIENG_KHMER = "អនុតំបន់យោធាខេត្តស្វាយរៀង"
ATTAPEU_LAO = "ກອງບັນຊາການທະຫານແຂວງອັດຕະປື"


def corpus() -> dict:
    """Two districts of Bà Rịa – Vũng Tàu; Svay Rieng (Khmer name, two other spellings), Kratie, Attapeu (Lao);
    one record of each kind naming Svay Rieng, and one of each kind that does not."""
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu")
    chau_duc = f.command("BRVT-CHAUDUC", "Ban CHQS huyện Châu Đức", level="district", parent=brvt)
    xuyen_moc = f.command("BRVT-XUYENMOC", "Ban CHQS huyện Xuyên Mộc", level="district", parent=brvt)
    svr = f.partner(
        "KH-SVR", "Tiểu khu Quân sự Xvây Riêng", name_original=SVAY_RIENG_KHMER, aliases=["Svayrieng", "Svay Rieng"]
    )
    krt = f.partner("KH-KRT", "Tiểu khu Quân sự Kratie", name_original="ក្រចេះ")
    atp = f.partner("LA-ATP", "Bộ Chỉ huy Quân sự tỉnh Attapư", country="LA", name_original=ATTAPEU_LAO)
    w = {"brvt": brvt, "chau_duc": chau_duc, "xuyen_moc": xuyen_moc, "svr": svr, "krt": krt, "atp": atp}
    w["agreements"] = [
        f.agreement(chau_duc, svr, "twinning", D(2020, 12, 15), title="Kết nghĩa hai đơn vị biên giới"),
        f.agreement(xuyen_moc, krt, "cooperation", D(2021, 3, 1), title="Quy chế phối hợp"),
    ]
    w["delegations"] = [
        f.delegation(chau_duc, D(2022, 4, 12), leader_name="Đại tá Nguyễn Văn Đức", partners=[svr, krt]),
        f.delegation(xuyen_moc, D(2022, 5, 2), leader_name="Thượng tá Lê Minh", partners=[atp], country="LA"),
    ]
    w["activities"] = [
        f.activity(chau_duc, D(2022, 8, 15), title="Giao ban biên giới quý III", partners=[svr]),
        f.activity(xuyen_moc, D(2022, 9, 1), title="Giao lưu thể thao", partners=[krt, atp]),
    ]
    w["support"] = [
        f.expenditure(chau_duc, D(2022, 4, 13), 80_000_000, beneficiary="Hộ nghèo biên giới", partner_unit=svr),
        f.expenditure(xuyen_moc, D(2022, 6, 1), 20_000_000, beneficiary="Trường tiểu học", partner_unit=krt),
    ]
    return w


def found_on_list(client, kind: str, term: str) -> set[int]:
    response = client.get(reverse(LIST_URLS[kind]), {"q": term})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["object_list"]}


def found_in_admin(client, kind: str, term: str) -> set[int]:
    opts = MODELS[kind]._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": term})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def found_in_api(client, kind: str, term: str) -> set[int]:
    response = client.get(API_URLS[kind], {"q": term})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


FINDERS = {"list": found_on_list, "admin": found_in_admin, "api": found_in_api}
