"""One signed document is one record: the same document number, signed the same day, between the same command
and partner unit is refused as a duplicate (it would count twice in every report) — in the API, the admin, the
spreadsheet import and a race of two clerks; the pairs of one ceremony, drafts and agreements without a number
are not held to it."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from dnqp.api.mixins import ModelRulesSerializer
from dnqp.spreadsheets.unit_resources import AgreementResource
from partnerships.models import Agreement
from tests import spreadsheets as s
from tests.admin_helpers import change_form_data

MESSAGE = "Văn bản này đã được nhập: cùng số văn bản, cùng ngày ký, giữa cùng đơn vị ta và cùng đơn vị bạn."


@pytest.fixture
def body(worked_example):
    w = worked_example
    return {
        "reference": "05/2024/KN",
        "title": "Biên bản kết nghĩa",
        "kind": "twinning",
        "command": w["bp_ln"].pk,
        "partner_unit": w["snl"].pk,
        "signed_on": "2024-03-05",
    }


def test_the_same_document_twice_is_refused_and_counted_once(api_client, users, body):
    client = api_client(users["staff"])
    assert client.post("/api/v1/agreements/", body, format="json").status_code == 201
    again = client.post("/api/v1/agreements/", body | {"kind": "cooperation"}, format="json")
    assert again.status_code == 400
    assert MESSAGE in again.json()["non_field_errors"][0]
    assert Agreement.objects.filter(reference="05/2024/KN").count() == 1
    report = client.get("/api/v1/reports/yearly/", {"year": 2024, "command": body["command"]}).json()
    assert report["totals"]["agreements_signed"] == 1


def test_a_ceremony_s_pairs_drafts_and_numberless_agreements_may_repeat(api_client, users, worked_example, body):
    client = api_client(users["staff"])
    assert client.post("/api/v1/agreements/", body, format="json").status_code == 201
    # The same number and day for another pair: one ceremony signing several pairs.
    other_pair = body | {"command": worked_example["bp"].pk, "partner_unit": worked_example["krt"].pk}
    assert client.post("/api/v1/agreements/", other_pair, format="json").status_code == 201
    # A document without a number, twice; a draft (not signed yet), twice: nothing tells them apart, no rule.
    for extra in ({"reference": ""}, {"signed_on": None, "reference": "DRAFT-1"}):
        for _ in range(2):
            assert client.post("/api/v1/agreements/", body | extra, format="json").status_code == 201


def test_two_clerks_at_once_get_the_duplicates_400(api_client, users, body, monkeypatch):
    original = ModelRulesSerializer.create

    def create_after_the_other_clerk(serializer, validated_data):
        # The other clerk's save commits after this request's checks passed, just before its insert.
        Agreement.objects.create(**{**validated_data, "title": "Nhập bởi người kia"})
        return original(serializer, validated_data)

    monkeypatch.setattr(ModelRulesSerializer, "create", create_after_the_other_clerk)
    response = api_client(users["staff"]).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400, response.content
    assert MESSAGE in response.json()["non_field_errors"][0]
    assert Agreement.objects.filter(reference="05/2024/KN").count() == 1


def test_the_admin_form_says_so(client, users, worked_example):
    existing = Agreement.objects.create(
        reference="05/2024/KN", title="Biên bản", kind="twinning", command=worked_example["bp_ln"],
        partner_unit=worked_example["snl"], signed_on="2024-03-05",
    )  # fmt: skip
    client.force_login(users["superuser"])
    url = f"/admin/partnerships/agreement/{existing.pk}/change/"
    page = client.get(url)
    data = change_form_data(page, title="Bản sao")
    add = client.post("/admin/partnerships/agreement/add/", data)
    assert add.status_code == 200
    assert MESSAGE in add.content.decode()
    assert Agreement.objects.filter(reference="05/2024/KN").count() == 1


def test_the_import_refuses_the_twin_row_and_writes_nothing(users, worked_example):
    header = ["Số văn bản", "Tiêu đề", "Loại văn bản", "Mã đơn vị ta", "Mã đơn vị bạn", "Ngày ký"]
    rows = [
        ["05/2024/KN", "Kết nghĩa", "Kết nghĩa", "BP-LN", "KH-KRT-SNL", "05/03/2024"],
        ["05/2024/KN", "Kết nghĩa (nhập lại)", "Hợp tác", "BP-LN", "KH-KRT-SNL", "05/03/2024"],
    ]
    result = s.run(AgreementResource(), s.xlsx(header, rows), user=users["staff"])
    problems = s.problems(result)
    assert len(problems) == 1 and problems[0][0] == 3
    assert "Văn bản này đã được nhập" in problems[0][2]
    assert not Agreement.objects.filter(reference="05/2024/KN").exists()


def test_an_upgrade_over_twins_stops_and_names_them(worked_example):
    """A database written before the rule may hold twins: migration partnerships 0011 stops before the rule,
    naming them (docs/OPERATIONS.md, "Upgrading"); without twins it lets the rule in."""
    migration = importlib.import_module("partnerships.migrations.0011_agreement_one_record_per_document")
    editor = SimpleNamespace(connection=connection)
    migration.refuse_twins(apps, editor)  # the worked example holds no twins
    with connection.cursor() as cursor:  # as before the rule (rolled back with the test)
        cursor.execute('DROP INDEX "partnerships_agreement_one_record_per_document"')
    w = worked_example
    for title in ("Bản gốc", "Bản nhập lại"):
        Agreement.objects.create(
            reference="01/2016/KN", title=title, kind="twinning", command=w["bp"], partner_unit=w["krt"],
            signed_on="2016-03-10",
        )  # fmt: skip
    with pytest.raises(RuntimeError, match=r"BP–KH-KRT 01/2016/KN \(2016-03-10\): 2"):
        migration.refuse_twins(apps, editor)
