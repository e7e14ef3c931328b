"""An update answers with the agreement's status derived from its new dates, not the one it was read with."""

import datetime

import pytest
from django.utils import timezone

D = datetime.date


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"signed_on": "2024-01-10"}, "in_force"),
        ({"signed_on": "2024-01-10", "terminated_on": "2024-06-30"}, "terminated"),
    ],
)
def test_patch_answers_the_status_of_the_new_dates(change, expected, users, worked_example, api_client):
    client = api_client(users["staff"])
    body = {"title": "Quy chế phối hợp (dự thảo)", "kind": "cooperation", "command": worked_example["bp_ln"].pk,
            "partner_unit": worked_example["snl"].pk}  # Lộc Ninh: not dissolved  # fmt: skip
    created = client.post("/api/v1/agreements/", body, format="json").json()
    assert created["status"] == "draft"

    response = client.patch(f"/api/v1/agreements/{created['id']}/", change, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == expected
    assert client.get(f"/api/v1/agreements/{created['id']}/").json()["status"] == expected


def test_expiring_an_agreement_by_put_answers_expired(users, worked_example, api_client):
    client = api_client(users["staff"])
    p3 = worked_example["p3"]  # Lộc Ninh's twinning (P1 ended with Bình Phước in 2025)
    body = client.get(f"/api/v1/agreements/{p3.pk}/").json()
    assert body["status"] == "in_force"
    body["valid_until"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    del body["id"], body["status"]

    response = client.put(f"/api/v1/agreements/{p3.pk}/", body, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "expired"
