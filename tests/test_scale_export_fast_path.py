"""The fast CSV path (rows straight from ``values_list()``) writes exactly the bytes of the model path.

On ``seed_scale --scale small`` data: foreign-currency lines, empty partner units, booleans, merged units.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dnqp.spreadsheets import exports
from dnqp.spreadsheets.columns import columns_for, export_rows, export_values
from events.models import Expenditure
from partnerships.models import Command, PartnerUnit
from tests import factories as f


def csv_bytes(rows) -> bytes:
    return b"".join(exports.csv_response(rows, "x.csv").streaming_content)


@pytest.fixture
def synthetic(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize("model", [Expenditure, Command, PartnerUnit])
def test_fast_path_writes_the_same_csv(synthetic, model, django_assert_max_num_queries):
    queryset = model.objects.order_by("id")
    columns = columns_for(model)
    slow = csv_bytes(export_rows(queryset.iterator(chunk_size=100), columns))
    with django_assert_max_num_queries(1):  # one query (no query per row, no model instances)
        fast = csv_bytes(export_values(queryset, columns, 100))
    assert fast == slow
    assert fast.count(b"\n") == model.objects.count() + 1


def test_support_list_csv_uses_it_and_keeps_the_filters(synthetic, client):
    client.force_login(f.user("root", superuser=True))
    response = client.get(reverse("expenditure-list"), {"format": "csv", "category": "gifts", "year": 2024})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    expected = Expenditure.objects.filter(category="gifts", date__year=2024).count()
    assert body.count("\n") == expected + 1 and expected > 0
