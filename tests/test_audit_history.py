"""The change history of every record: who, when, what changed and why, browsable in the admin."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.test import APIClient
from simple_history.models import HistoricalRecords

from dnqp.auth import CHANGE_REASON_FIELD, ChangeReasonAdminMixin, set_change_reason
from partnerships.models import Agreement
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


def admin_request(rf, user, path, data=None):
    request = rf.post(path, data) if data is not None else rf.get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return request


def test_change_reason_admin_mixin_on_the_real_agreement_admin(rf, users, worked_example):
    """``ChangeReasonAdminMixin`` put in front of the project's AgreementAdmin: the form gets the optional
    field, and what is typed lands in the history row (the admin page lists it under "Change reason")."""
    registered = admin.site._registry[Agreement]
    with_reason = type("AgreementAdminWithReason", (ChangeReasonAdminMixin, type(registered)), {})(
        Agreement, admin.site
    )
    agreement = worked_example["p1"]
    staff = users["staff"]
    path = f"/admin/partnerships/agreement/{agreement.pk}/change/"

    page = with_reason.change_view(admin_request(rf, staff, path), str(agreement.pk))
    assert page.status_code == 200
    form = page.context_data["adminform"].form
    assert CHANGE_REASON_FIELD in form.fields and not form.fields[CHANGE_REASON_FIELD].required
    assert 'name="change_reason"' in page.render().content.decode()
    page.context = page.context_data  # what the test client's response offers
    data = {**admin_form_data(page), "notes": "Đổi người ký", CHANGE_REASON_FIELD: "Theo công văn 45/BCH"}

    request = admin_request(rf, staff, path, data)
    HistoricalRecords.context.request = request  # what HistoryRequestMiddleware does
    try:
        response = with_reason.change_view(request, str(agreement.pk))
    finally:
        del HistoricalRecords.context.request

    assert response.status_code == 302, response.context_data["adminform"].form.errors
    last = agreement.history.first()
    assert (last.history_change_reason, last.history_user, last.notes) == (
        "Theo công văn 45/BCH",
        staff,
        "Đổi người ký",
    )


@pytest.mark.parametrize("role", ["other_staff", "district_staff"])
def test_history_of_another_scopes_record_is_not_found(client, users, worked_example, role):
    agreement = worked_example["p1"]  # BP: neither Đồng Nai's staff nor Lộc Ninh's (a sub-command) see it
    client.force_login(users[role])
    history_id = agreement.history.first().history_id
    assert client.get(f"/admin/partnerships/agreement/{agreement.pk}/history/").status_code == 404
    assert client.get(f"/admin/partnerships/agreement/{agreement.pk}/history/{history_id}/").status_code == 404
