"""Export → import leaves the database identical (every field, every link), in XLSX and in CSV."""

import datetime
from decimal import Decimal

import pytest

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.event_resources import ActivityResource, DelegationResource, ExpenditureResource
from dnqp.spreadsheets.unit_resources import AgreementResource, CommandResource, PartnerUnitResource
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit
from tests import factories as f
from tests import spreadsheets as s

D = datetime.date
RESOURCES = [
    (CommandResource, Command),
    (PartnerUnitResource, PartnerUnit),
    (AgreementResource, Agreement),
    (DelegationResource, Delegation),
    (ActivityResource, Activity),
    (ExpenditureResource, Expenditure),
]


@pytest.fixture
def rich(worked_example):
    """The worked example plus every kind of value an export must carry back: links, text, decimals."""
    w = worked_example
    renewal = f.agreement(
        w["bp"],
        w["mdk"],
        "annual_plan",
        D(2023, 1, 10),
        reference="12/KH-BCH",
        valid_until=D(2023, 12, 31),
        renews=w["p2"],
        signatory_vn_name="Đại tá Nguyễn Văn Hùng",
        signatory_partner_title="Chỉ huy trưởng Tiểu khu",
        notes='Dòng 1\nDòng 2 — "trích dẫn", dấu; chấm phẩy',
    )
    w["d1"].agreement = renewal
    w["d1"].leader_title = "Phó Chỉ huy trưởng"
    w["d1"].save()
    f.expenditure(
        w["bp"],
        D(2023, 2, 1),
        None,
        category="training",
        funding_source="military_region",
        currency="KHR",
        amount_original=Decimal("1234567.89"),
        exchange_rate=Decimal("5.912345"),
        agreement=renewal,
        delegation=w["d1"],
        activity=w["t2"],
        voucher="PC-07",
    )
    f.activity(w["bp_ln"], D(2023, 3, 3), kind="humanitarian", participant_count=40, partners=[w["snl"], w["krt"]])
    return w


def snapshot():
    """Every concrete field of every row (ids included), and the partner units of events."""
    state = {}
    for _resource, model in RESOURCES:
        rows = []
        for obj in model.objects.order_by("pk"):
            row = {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields}
            if model in (Delegation, Activity):
                row["partner_units"] = sorted(obj.partner_units.values_list("pk", flat=True))
            rows.append(row)
        state[model._meta.label] = rows
    return state


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_leaves_every_value_identical(rich, fmt):
    before = snapshot()
    for resource_class, model in RESOURCES:
        content = s.export_file(resource_class(), model.objects.all(), fmt)
        result = s.run(resource_class(), content, f"export.{fmt}")
        assert s.problems(result) == [], (model, s.problems(result))
        assert result.totals["new"] == 0 and result.totals["update"] == 0  # nothing changed: all skipped
    assert snapshot() == before


def test_export_headers_are_the_page_export_columns(rich):
    for resource_class, model in RESOURCES:
        dataset = resource_class().export(model.objects.all())
        assert dataset.headers == columns.headers(columns.columns_for(model))


def test_export_values_are_the_page_export_values(rich):
    """The admin's XLSX cells equal the page export's cells, row by row."""
    for resource_class, model in RESOURCES:
        queryset = model.objects.all()
        if model in (Delegation, Activity):
            queryset = queryset.prefetch_related("partner_units")
        ours = resource_class().export(queryset, force_native_type=True)
        page = list(columns.export_rows(queryset, columns.columns_for(model)))[1:]
        assert [list(row) for row in ours] == [list(row) for row in page], model


def test_edited_export_imports_the_edit_and_nothing_else(rich):
    content = s.export_file(AgreementResource(), Agreement.objects.all(), "xlsx")
    dataset = s.load(content, "van-ban.xlsx")
    row = dataset.headers.index("ID")
    target = next(i for i, cells in enumerate(dataset) if cells[row] == rich["p3"].pk)
    s.set_cell(dataset, "Hiệu lực đến", datetime.datetime(2027, 6, 30), row=target)
    before = snapshot()
    result = AgreementResource().import_data(dataset, dry_run=False)
    assert s.problems(result) == [] and result.totals["update"] == 1
    after = snapshot()
    changed = [
        (old["id"], key)
        for old, new in zip(before["partnerships.Agreement"], after["partnerships.Agreement"], strict=True)
        for key in old
        if old[key] != new[key]
    ]
    assert sorted(changed) == [(rich["p3"].pk, "valid_until"), (rich["p3"].pk, "version")]  # an edit: the version moves


def test_export_query_count_does_not_grow_with_rows(rich, django_assert_num_queries):
    def export():
        DelegationResource().export(DelegationResource().filter_export(Delegation.objects.all()))

    # 1: the delegations with their command and agreement (select_related)
    # 2: the partner units of those delegations (one prefetch per chunk)
    with django_assert_num_queries(2):
        export()
    for day in range(1, 8):
        f.delegation(rich["bp"], D(2024, 1, day), partners=[rich["krt"], rich["mdk"]])
    with django_assert_num_queries(2):
        export()


# Queries of one export, whatever the number of rows:
# 1: the records with their units and links (select_related); events: 2: their partner units (prefetch).
EXPORT_QUERIES = {Command: 1, PartnerUnit: 1, Agreement: 1, Delegation: 2, Activity: 2, Expenditure: 1}


@pytest.mark.parametrize(("resource_class", "model"), RESOURCES)
def test_every_export_runs_a_fixed_number_of_queries(rich, django_assert_num_queries, resource_class, model):
    resource = resource_class()
    with django_assert_num_queries(EXPORT_QUERIES[model]):
        first = resource.export(resource.filter_export(model.objects.all()))
    with django_assert_num_queries(EXPORT_QUERIES[model]):
        resource.export(resource.filter_export(model.objects.all()))
    assert len(first) == model.objects.count() > 0
