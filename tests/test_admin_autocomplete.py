"""Admin autocomplete: every unit field searches accent-insensitively; a record's command only in scope."""

import pytest
from django.urls import reverse

URL = reverse("admin:autocomplete")


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        URL, {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term}
    )
    assert response.status_code == 200, response.status_code
    return [row["text"] for row in response.json()["results"]]


def test_autocomplete_finds_units_without_accents(client, users):
    client.force_login(users["superuser"])
    assert autocomplete(client, "partnerships", "agreement", "command", "loc ninh") == ["Ban CHQS huyện Lộc Ninh"]
    assert autocomplete(client, "partnerships", "agreement", "partner_unit", "snuol") == ["Chi khu quân sự Snuol"]
    assert autocomplete(client, "events", "delegationpartner", "partner_unit", "tieu khu kratie") == [
        "Tiểu khu Quân sự Kratie"
    ]


@pytest.mark.parametrize(
    ("model_name", "app_label", "field_name"),
    [
        ("agreement", "partnerships", "command"),
        ("delegation", "events", "command"),
        ("activity", "events", "command"),
        ("expenditure", "events", "command"),
    ],
)
def test_record_command_autocomplete_offers_only_the_users_subtree(client, users, model_name, app_label, field_name):
    client.force_login(users["staff"])  # Bình Phước: BP and Lộc Ninh only
    offered = autocomplete(client, app_label, model_name, field_name)
    assert sorted(offered) == ["Ban CHQS huyện Lộc Ninh", "Bộ CHQS tỉnh Bình Phước"]
    assert autocomplete(client, app_label, model_name, field_name, "dong nai") == []


def test_record_autocomplete_offers_only_records_in_scope(client, users, worked_example):
    client.force_login(users["district_staff"])  # Lộc Ninh only
    offered = autocomplete(client, "events", "delegation", "agreement")
    assert offered == [str(worked_example["p3"])]


def test_other_scope_staff_sees_no_commands_of_bp_for_records(client, users):
    client.force_login(users["other_staff"])  # Tây Ninh
    assert autocomplete(client, "partnerships", "agreement", "command") == ["Bộ CHQS tỉnh Tây Ninh"]
    assert autocomplete(client, "events", "expenditure", "agreement") == []


def test_autocomplete_refuses_users_outside_the_admin(client, users):
    client.force_login(users["nobody"])
    response = client.get(URL, {"app_label": "partnerships", "model_name": "agreement", "field_name": "command"})
    assert response.status_code == 302  # not staff: sent to the admin login
    client.logout()
    response = client.get(URL, {"app_label": "partnerships", "model_name": "agreement", "field_name": "command"})
    assert response.status_code == 302
