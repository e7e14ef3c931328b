"""The change history of every record: who, when, what changed and why, browsable in the admin."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from rest_framework.test import APIClient

from dnqp.access.accounts import CHANGE_REASON_FIELD, ChangeReasonAdminMixin, set_change_reason
from tests.test_scope_matrix import admin_form_data


def test_an_admin_change_records_who_when_and_what(client, users, worked_example):
    agreement = worked_example["p1"]  # BP
    client.force_login(users["staff"])
    page = client.get(f"/admin/partnerships/agreement/{agreement.pk}/change/")
    data = {**admin_form_data(page), "notes": "Bổ sung điều khoản hợp tác y tế"}

    response = client.post(f"/admin/partnerships/agreement/{agreement.pk}/change/", data)

    assert response.status_code == 302
    new, old = agreement.history.all()[:2]
    assert new.history_user == users["staff"]
    assert new.history_type == "~"
    assert "notes" in new.diff_against(old).changed_fields
    history = client.get(f"/admin/partnerships/agreement/{agreement.pk}/history/")
    assert history.status_code == 200
    assert "nhaplieu_bp" in history.content.decode()


def test_an_api_change_records_the_user_and_the_reason_header(users, worked_example):
    expenditure = worked_example["s1"]
    client = APIClient()
    client.force_authenticate(users["staff"])

    response = client.patch(
        f"/api/v1/expenditures/{expenditure.pk}/",
        {"beneficiary": "Gia đình chính sách"},
        format="json",
        headers={"X-Change-Reason": quote("Sửa theo chứng từ số 12")},
    )

    assert response.status_code == 200, response.json()
    last = expenditure.history.first()
    assert last.history_user == users["staff"]
    assert last.history_change_reason == "Sửa theo chứng từ số 12"


def test_set_change_reason_for_services(worked_example):
    agreement = worked_example["p3"]
    set_change_reason(agreement, "  Gia hạn theo kế hoạch năm  ")
    agreement.notes = "gia hạn"
    agreement.save()
    assert agreement.history.first().history_change_reason == "Gia hạn theo kế hoạch năm"


@pytest.mark.parametrize(("model", "key"), [("partnerships/agreement", "p1"), ("events/expenditure", "s1")])
def test_the_admin_asks_for_an_optional_reason_and_keeps_it_in_the_history(client, users, worked_example, model, key):
    """``ChangeReasonAdminMixin`` (in every record admin): what is typed in "Lý do thay đổi" lands in the
    history row, and the record's history page lists it under "Change reason"."""
    record = worked_example[key]
    assert isinstance(admin.site._registry[type(record)], ChangeReasonAdminMixin)
    client.force_login(users["staff"])
    url = f"/admin/{model}/{record.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    assert CHANGE_REASON_FIELD in form.fields and not form.fields[CHANGE_REASON_FIELD].required
    assert 'name="change_reason"' in page.content.decode()
    field = "notes" if key == "p1" else "description"
    data = {**admin_form_data(page), field: "Đổi nội dung", CHANGE_REASON_FIELD: "Theo công văn 45/BCH"}

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    last = record.history.first()
    assert last.history_change_reason == "Theo công văn 45/BCH"
    assert (last.history_user, getattr(last, field)) == (users["staff"], "Đổi nội dung")
    assert "Theo công văn 45/BCH" in client.get(f"/admin/{model}/{record.pk}/history/").content.decode()

    # no reason given: the change is still recorded, without one
    page = client.get(url)
    response = client.post(url, {**admin_form_data(page), field: "Lần hai"})
    assert response.status_code == 302
    assert record.history.first().history_change_reason is None


@pytest.mark.parametrize("role", ["other_staff", "district_staff"])
def test_history_of_another_scopes_record_is_not_found(client, users, worked_example, role):
    agreement = worked_example["p1"]  # BP: neither Đồng Nai's staff nor Lộc Ninh's (a sub-command) see it
    client.force_login(users[role])
    history_id = agreement.history.first().history_id
    assert client.get(f"/admin/partnerships/agreement/{agreement.pk}/history/").status_code == 404
    assert client.get(f"/admin/partnerships/agreement/{agreement.pk}/history/{history_id}/").status_code == 404
