"""``amount_vnd`` = original × rate rounded half up, exactly, on SQLite as on PostgreSQL.

110 kip at 1.15 đồng is 126.5 đồng exactly, so 127; as binary floats (how SQLite keeps a decimal column)
the product is 126.49999…, which SQLite's own ``ROUND`` takes to 126.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from events.models import Expenditure
from tests import factories as f

D = datetime.date

HALVES = [("110.00", "1.15", 127), ("0.29", "50", 15), ("1", "23500.5", 23501), ("1000", "23500.5", 23_500_500)]


@pytest.mark.parametrize(("original", "rate", "expected"), HALVES)
def test_api_computes_the_half_up_amount_and_stores_it(original, rate, expected, users, worked_example, api_client):
    body = {"date": "2023-04-10", "command": worked_example["bp"].pk, "partner_unit": worked_example["krt"].pk,
            "category": "gifts", "funding_source": "province", "currency": "LAK", "amount_original": original,
            "exchange_rate": rate}  # fmt: skip
    response = api_client(users["staff"]).post("/api/v1/expenditures/", body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["amount_vnd"] == expected
    assert Expenditure.objects.get(pk=response.json()["id"]).amount_vnd == expected


def test_api_accepts_the_half_up_amount_when_the_client_sends_it(users, worked_example, api_client):
    body = {"date": "2023-04-10", "command": worked_example["bp"].pk, "category": "gifts",
            "funding_source": "province", "currency": "LAK", "amount_original": "110",
            "exchange_rate": "1.15"}  # fmt: skip
    client = api_client(users["staff"])

    assert client.post("/api/v1/expenditures/", {**body, "amount_vnd": 126}, format="json").status_code == 400
    assert client.post("/api/v1/expenditures/", {**body, "amount_vnd": 127}, format="json").status_code == 201


def test_database_refuses_the_amount_rounded_down(db):
    bp = f.command("BP", "Bộ CHQS tỉnh Bình Phước")
    support = f.expenditure(
        bp, D(2023, 4, 10), None, currency="LAK", amount_original=Decimal("110"), exchange_rate=Decimal("1.15")
    )
    assert support.amount_vnd == 127

    with pytest.raises(IntegrityError), transaction.atomic():
        Expenditure.objects.filter(pk=support.pk).update(amount_vnd=126)
