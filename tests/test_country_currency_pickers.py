"""The country and currency pickers: the partners' countries first, correct Vietnamese names, only the ISO 4217
currencies in circulation (VND, KHR, LAK, USD first); withdrawn codes are refused by the forms, the API and the
database, and a support line recorded earlier in a withdrawn currency keeps its amounts through the migration."""

import datetime
import re
from decimal import Decimal
from html import unescape
from importlib import import_module

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django_countries.data import COUNTRIES

from dnqp.core.text import fold
from dnqp.models import Profile
from events.models import Expenditure
from partnerships.models import PartnerUnit
from tests import factories as f

WITHDRAWN = ["ADP", "AFA", "DEM", "FRF", "ESP", "ZWD", "ZWL", "HRK", "SLL", "ANG", "BGN", "VEF", "MRO", "STD"]
NOT_MONEY = ["XAU", "XDR", "XTS", "XXX", "CLF", "USN"]
IN_CIRCULATION = ["VES", "VED", "SLE", "ZWG", "XCG", "MRU", "STN", "EUR", "THB", "CNY"]


def picker(html: str, name: str) -> list[tuple[str, str]]:
    """The options (value, text) of the ``<select name=…>`` of a page, as the user sees them."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return [
        (value, unescape(text).strip())
        for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    ]


# --- Countries -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["admin:partnerships_partnerunit_add", "admin:events_delegation_add"])
def test_admin_country_picker_puts_cambodia_and_laos_first_with_correct_vietnamese_names(client, users, url_name):
    client.force_login(users["superuser"])
    options = picker(client.get(reverse(url_name)).content.decode(), "country")
    assert options[0][0] == ""  # "---------"
    countries = options[1:]
    assert countries[:2] == [("KH", "Campuchia"), ("LA", "Lào")]
    names = dict(countries)
    assert len(names) == len(countries) == 249
    assert names["RE"] == "Réunion"  # not "Đoàn tụ"
    assert names["IS"] == "Iceland"  # not "Ai-len" (Ireland)
    assert names["IE"] == "Ireland"
    assert names["NE"] == "Niger"  # not "Nigeria"
    assert names["NG"] == "Nigeria"
    assert names["JE"] == "Jersey"  # not "Áo" (Austria)
    assert names["AT"] == "Áo"
    assert names["KP"] == "Triều Tiên"
    assert names["KR"] == "Hàn Quốc"
    for code, name in [("TH", "Thái Lan"), ("CN", "Trung Quốc"), ("US", "Hoa Kỳ"), ("RU", "Liên bang Nga")]:
        assert names[code] == name
    # the same Vietnamese name never stands for two countries (the import looks countries up by name)
    assert len({fold(name) for name in names.values()}) == 249
    # after the partners, by Vietnamese name, accents aside: "Đức" among the D, "Ấn Độ" among the A
    rest = [fold(name) for _code, name in countries[2:]]
    assert rest == sorted(rest)
    assert rest.index(fold("Đức")) < rest.index(fold("Ecuador"))


def test_country_names_follow_the_language_and_the_codes_are_iso_3166(client, users):
    Profile.objects.filter(user=users["superuser"]).update(language="en")  # picked English (dnqp/web/language.py)
    client.force_login(users["superuser"])
    url = reverse("admin:partnerships_partnerunit_add")
    english = dict(picker(client.get(url).content.decode(), "country")[1:])
    assert english["KH"] == "Cambodia"
    assert english["IS"] == "Iceland"
    assert english["NE"] == "Niger"
    assert set(english) == set(COUNTRIES)  # the officially assigned codes, as django-countries lists them


def test_the_admin_country_picker_is_refused_to_a_user_without_data_entry_rights(client, users):
    client.force_login(users["analyst"])
    response = client.get(reverse("admin:partnerships_partnerunit_add"))
    assert response.status_code == 302
    assert "country" not in response.content.decode()


def test_api_offers_the_same_country_choices_and_refuses_unknown_codes(api_client, users, worked_example):
    client = api_client(users["superuser"])
    choices = client.options("/api/v1/partner-units/").json()["actions"]["POST"]["country"]["choices"]
    assert [(c["value"], c["display_name"]) for c in choices[:2]] == [("KH", "Campuchia"), ("LA", "Lào")]
    shown = {c["value"]: c["display_name"] for c in choices}
    assert (shown["RE"], shown["IS"], shown["NE"]) == ("Réunion", "Iceland", "Niger")
    body = {"code": "KH-KRT-CS", "name": "Chi khu quân sự Chhloung", "level": "district", "parent": None}
    response = client.post("/api/v1/partner-units/", {**body, "country": "XX"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["country"]
    response = client.post("/api/v1/partner-units/", {**body, "country": "IS"}, format="json")
    assert response.status_code == 201, response.json()
    assert client.get(f"/api/v1/partner-units/{response.json()['id']}/").json()["country"] == "IS"


def test_partner_unit_page_and_list_filter_show_the_vietnamese_name(client, users, worked_example):
    f.partner("IS-01", "Tùy viên quốc phòng Iceland", country="IS", level="national")
    client.force_login(users["superuser"])
    unit = PartnerUnit.objects.get(code="IS-01")
    page = client.get(reverse("partner-unit-detail", args=[unit.pk])).content.decode()
    assert "Iceland" in page and "Ai-len" not in page
    options = picker(client.get(reverse("partner-unit-list")).content.decode(), "country")
    assert [value for value, _text in options[1:3]] == ["KH", "LA"]


# --- Currencies ------------------------------------------------------------------------------------------------


def test_admin_currency_picker_lists_the_usual_currencies_first_and_no_withdrawn_code(client, users):
    client.force_login(users["superuser"])
    options = picker(client.get(reverse("admin:events_expenditure_add")).content.decode(), "currency")
    assert options[0][0] == ""
    currencies = options[1:]
    assert currencies[:4] == [
        ("VND", "VND — Đồng Việt Nam"),
        ("KHR", "KHR — Riel Campuchia"),
        ("LAK", "LAK — Kíp Lào"),
        ("USD", "USD — Đô la Mỹ"),
    ]
    codes = [code for code, _name in currencies]
    assert codes[4:] == sorted(codes[4:])  # then by code
    assert len(codes) == len(set(codes)) < 170
    assert not set(WITHDRAWN + NOT_MONEY) & set(codes)
    assert set(IN_CIRCULATION) <= set(codes)
    assert dict(currencies)["THB"] == "THB — Baht Thái Lan"


def test_admin_refuses_a_withdrawn_currency_as_a_form_error(client, users, worked_example):
    client.force_login(users["district_staff"])
    data = {
        "date": "01/09/2022",
        "command": str(worked_example["bp_ln"].pk),
        "partner_unit": str(worked_example["snl"].pk),
        "category": "materials",
        "funding_source": "province",
        "amount_vnd": "",
        "amount_original": "2000",
        "exchange_rate": "3100",
        "dnqp-attachment-content_type-object_id-TOTAL_FORMS": "0",
        "dnqp-attachment-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:events_expenditure_add"), {**data, "currency": "HRK"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["currency"]
    assert Expenditure.objects.count() == 2  # the worked example's two lines only
    response = client.post(reverse("admin:events_expenditure_add"), {**data, "currency": "KHR", "voucher": "CT-9"})
    assert response.status_code == 302
    assert Expenditure.objects.get(voucher="CT-9").amount_vnd == 6_200_000


def foreign_support(w, currency):
    """An API body of a support line paid in ``currency``: 1000 units at 6,25 đồng."""
    return {
        "date": "2023-04-10",
        "command": w["bp"].pk,
        "partner_unit": w["krt"].pk,
        "category": "gifts",
        "funding_source": "province",
        "currency": currency,
        "amount_original": "1000",
        "exchange_rate": "6.25",
    }


@pytest.mark.parametrize("code", ["ADP", "AFA", "HRK", "SLL", "XAU"])
def test_api_refuses_withdrawn_and_non_money_codes(api_client, users, worked_example, code):
    body = foreign_support(worked_example, code)
    response = api_client(users["staff"]).post("/api/v1/expenditures/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["currency"]
    assert Expenditure.objects.count() == 2


def test_api_accepts_current_codes_and_lists_them_in_the_picker_order(api_client, users, worked_example):
    w = worked_example
    client = api_client(users["staff"])
    choices = client.options("/api/v1/expenditures/").json()["actions"]["POST"]["currency"]["choices"]
    assert [c["value"] for c in choices[:4]] == ["VND", "KHR", "LAK", "USD"]
    assert choices[1]["display_name"] == "KHR — Riel Campuchia"
    assert not {c["value"] for c in choices} & {"ADP", "AFA"}
    response = client.post("/api/v1/expenditures/", foreign_support(w, "VES"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount_vnd"] == 6250
    schema = api_client(users["analyst"]).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    enums = [c.get("enum", []) for c in schema.json()["components"]["schemas"].values()]
    currency_enum = next(e for e in enums if "KHR" in e)
    assert "ZWG" in currency_enum and "AFA" not in currency_enum


def test_the_database_refuses_a_withdrawn_currency_too(worked_example):
    line = Expenditure(
        command=worked_example["bp"],
        date=datetime.date(2022, 1, 5),
        category="gifts",
        funding_source="province",
        currency="HRK",
        amount_original=Decimal("100"),
        exchange_rate=Decimal("3100"),
        amount_vnd=310_000,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


# --- The migration -----------------------------------------------------------------------------------------------

MIGRATION = import_module("events.migrations.0011_country_currency_choices")
BEFORE = [dep for dep in MIGRATION.Migration.dependencies if dep[0] == "events"]


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_support_recorded_in_a_withdrawn_currency(committed_role_groups, api_client):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("events", "Expenditure")
        command = f.command("BP", "Bộ CHQS tỉnh Bình Phước")
        line = old.objects.create(
            command_id=command.pk,
            date=datetime.date(2021, 6, 1),
            category="gifts",
            funding_source="province",
            amount_vnd=3_200_055,
            currency="HRK",
            amount_original=Decimal("1000.50"),
            exchange_rate=Decimal("3198.455772"),
            description="Quà tặng đoàn Croatia",
        )
        kept = old.objects.create(
            command_id=command.pk,
            date=datetime.date(2021, 6, 2),
            category="gifts",
            funding_source="province",
            amount_vnd=1_000_000,
            currency="KHR",
            amount_original=Decimal("160000"),
            exchange_rate=Decimal("6.25"),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    staff = f.user("nhaplieu_bp", "staff", command)
    shown = api_client(staff).get(f"/api/v1/expenditures/{line.pk}/").json()
    assert (shown["currency"], shown["amount_original"], shown["exchange_rate"]) == (None, None, None)
    assert shown["amount_vnd"] == 3_200_055  # what the reports count is unchanged
    assert shown["version"] == 2
    assert shown["description"] == (
        "Quà tặng đoàn Croatia\nNgoại tệ ban đầu: 1.000,5 HRK, tỷ giá 3.198,455772 đồng/HRK "
        "(mã tiền tệ HRK không còn trong danh mục ISO 4217 đang dùng)."
    )
    history = Expenditure.history.filter(id=line.pk).latest()
    assert history.history_change_reason == MIGRATION.CHANGE_REASON
    assert history.currency is None and history.version == 2
    untouched = api_client(staff).get(f"/api/v1/expenditures/{kept.pk}/").json()
    assert (untouched["currency"], untouched["version"]) == ("KHR", 1)
    # the table's triggers (the reports' summary) survived SQLite's rebuild: a new line is counted
    f.expenditure(command, datetime.date(2021, 7, 1), 5_000_000)
    from events.models import Summary

    total = Summary.objects.get(
        command=command, source="support", year=2021, category="gifts", funding_source="province"
    )
    assert total.vnd == 3_200_055 + 1_000_000 + 5_000_000
