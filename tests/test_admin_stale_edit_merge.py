"""A refused stale edit never writes back the values of fields the user did not touch.

Two people open the same record. The first saves a change; the second's save is refused. The refused
form then shows the record as stored now with the second person's own changes on top, names the fields
the other person changed, and flags a field both changed, so saving again loses nothing of either.
"""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Expenditure
from partnerships.models import Agreement
from tests.admin_helpers import change_form_data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def two_clerks(users):
    first, second = Client(), Client()
    first.force_login(users["staff"])
    second.force_login(users["admin"])
    return first, second


def test_saving_the_refused_form_again_keeps_the_other_persons_change(two_clerks, worked_example):
    first, second = two_clerks
    url = change_url(worked_example["p1"])
    page1, page2 = first.get(url), second.get(url)

    assert first.post(url, change_form_data(page1, notes="Ghi chú của người thứ nhất")).status_code == 302
    refused = second.post(url, change_form_data(page2, title="Tiêu đề của người thứ hai"))
    assert refused.status_code == 200

    form = refused.context["adminform"].form
    message = form.non_field_errors()[0]
    assert "người khác" in message.lower()
    assert "«Ghi chú»" in message  # names the field the other person changed
    assert "«Tiêu đề»" not in message
    assert form["notes"].value() == "Ghi chú của người thứ nhất"  # as stored now
    assert form["title"].value() == "Tiêu đề của người thứ hai"  # the user's own change on top

    # The refusal invites a second click on Save: it must keep both people's changes.
    assert second.post(url, change_form_data(refused)).status_code == 302
    stored = Agreement.objects.get(pk=worked_example["p1"].pk)
    assert (stored.title, stored.notes) == ("Tiêu đề của người thứ hai", "Ghi chú của người thứ nhất")
    assert stored.version == 3


def test_a_field_both_changed_is_flagged_with_the_other_value(two_clerks, worked_example):
    first, second = two_clerks
    url = change_url(worked_example["p1"])
    page1, page2 = first.get(url), second.get(url)

    assert first.post(url, change_form_data(page1, notes="Bản của người thứ nhất")).status_code == 302
    refused = second.post(url, change_form_data(page2, notes="Bản của người thứ hai"))
    form = refused.context["adminform"].form
    assert "Bản của người thứ nhất" in form.errors["notes"][0]  # what the other person wrote
    assert form["notes"].value() == "Bản của người thứ hai"  # the user's own value, to keep or replace

    assert second.post(url, change_form_data(refused)).status_code == 302
    assert Agreement.objects.get(pk=worked_example["p1"].pk).notes == "Bản của người thứ hai"


def test_a_choice_and_a_date_changed_by_the_other_person_are_shown_as_stored(two_clerks, worked_example):
    first, second = two_clerks
    url = change_url(worked_example["p1"])
    page1, page2 = first.get(url), second.get(url)
    mdk = worked_example["mdk"]

    changed = change_form_data(page1, partner_unit=str(mdk.pk), valid_until="31/12/2030")
    assert first.post(url, changed).status_code == 302
    refused = second.post(url, change_form_data(page2, title="Chỉ sửa tiêu đề"))
    assert refused.status_code == 200
    assert second.post(url, change_form_data(refused)).status_code == 302

    stored = Agreement.objects.get(pk=worked_example["p1"].pk)
    assert (stored.partner_unit_id, stored.valid_until.isoformat(), stored.title) == (
        mdk.pk,
        "2030-12-31",
        "Chỉ sửa tiêu đề",
    )


def test_an_inline_row_refused_shows_the_stored_row_with_the_users_change(two_clerks, worked_example):
    d1, s1 = worked_example["d1"], worked_example["s1"]
    Expenditure.objects.filter(pk=s1.pk).update(delegation=d1)
    first, second = two_clerks
    url = change_url(d1)
    page1, page2 = first.get(url), second.get(url)
    prefix = page1.context["inline_admin_formsets"][1].formset.prefix

    ok = first.post(url, change_form_data(page1, **{f"{prefix}-0-beneficiary": "Tiểu khu Kratie"}))
    assert ok.status_code == 302
    refused = second.post(url, change_form_data(page2, **{f"{prefix}-0-amount_vnd": "90000000"}))
    assert refused.status_code == 200
    row = refused.context["inline_admin_formsets"][1].formset.forms[0]
    assert row.non_field_errors()
    assert row["beneficiary"].value() == "Tiểu khu Kratie"

    assert second.post(url, change_form_data(refused)).status_code == 302
    s1.refresh_from_db()
    assert (s1.beneficiary, s1.amount_vnd) == ("Tiểu khu Kratie", 90_000_000)


def test_without_the_opened_copy_the_stored_values_are_shown_with_the_users_beside(client, users, worked_example):
    """A row changed outside the history (no copy of the version opened): nothing stale is written back."""
    client.force_login(users["staff"])
    p1 = worked_example["p1"]
    url = change_url(p1)
    page = client.get(url)
    Agreement.objects.filter(pk=p1.pk).update(notes="Sửa ngoài lịch sử", version=7)
    Agreement.history.filter(id=p1.pk).delete()
    refused = client.post(url, change_form_data(page, title="Tiêu đề mới"))
    form = refused.context["adminform"].form
    assert "Tiêu đề mới" in form.errors["title"][0]  # what the user typed, shown beside the stored value
    assert form["notes"].value() == "Sửa ngoài lịch sử"
    assert client.post(url, change_form_data(refused)).status_code == 302
    assert Agreement.objects.get(pk=p1.pk).notes == "Sửa ngoài lịch sử"
