"""The articles' own spellings of the partner units find them in the demo: "Sang Kom Tmey" and "Cham Ksan" (the
Bà Rịa – Vũng Tàu article), "Svayrieng" and "Prayveng" (the Long An article), on the list page and the API, with
or without accents and in any case; the other spellings travel through the partner-unit spreadsheet and back."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from dnqp.data import demo
from dnqp.spreadsheets.unit_resources import PartnerUnitResource
from partnerships.models import PartnerUnit

pytestmark = pytest.mark.slow

PASSWORD = "Mật-khẩu-demo-2026"


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo.load_demo(password=PASSWORD)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def analyst(demo_loaded, db, client):
    client.force_login(User.objects.get(username="tonghop_qk7"))
    return client


@pytest.mark.parametrize(
    "spelling, codes",
    [
        ("Sang Kom Tmey", {"KH-PVH-SKT"}),
        ("cham ksan", {"KH-PVH-CKS"}),
        ("Svayrieng", {"KH-SVR", "KH-SVR-HB"}),
        ("PRAYVENG", {"KH-PVG", "KH-PVG-HB"}),
        ("hiến binh Prayveng", {"KH-PVG-HB"}),
    ],
)
def test_the_articles_spellings_find_the_units(analyst, spelling, codes):
    page = analyst.get("/partners/", {"q": spelling})
    assert {unit.code for unit in page.context["object_list"]} == codes
    api = analyst.get("/api/v1/partner-units/", {"q": spelling}).json()
    assert {unit["code"] for unit in api["results"]} == codes


def test_the_other_spellings_go_out_and_back_in_the_spreadsheet(demo_loaded, db):
    exported = PartnerUnitResource().export(queryset=PartnerUnit.objects.filter(code="KH-SVR-HB")).csv
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["Tên gọi khác"] == "Bộ chỉ huy hiến binh Svayrieng"
    PartnerUnit.objects.filter(code="KH-SVR-HB").update(aliases=[])
    dataset = PartnerUnitResource().export(queryset=PartnerUnit.objects.none())
    dataset.append([row[h] for h in dataset.headers])
    result = PartnerUnitResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert PartnerUnit.objects.get(code="KH-SVR-HB").aliases == ["Bộ chỉ huy hiến binh Svayrieng"]
