"""Concurrent edits in the admin: the second save based on a stale copy is refused, with the input kept."""

import pytest
from django.urls import reverse

from dnqp.admin.base import VersionedModelForm
from dnqp.core.versioning import EditConflict, claim_version
from events.models import Expenditure
from partnerships.models import Agreement
from tests.admin_helpers import change_form_data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def two_clerks(client, users, worked_example):
    """Two staff members of Bình Phước open the same agreement's change form."""
    from django.test import Client

    first, second = client, Client()
    first.force_login(users["staff"])
    second.force_login(users["admin"])
    url = change_url(worked_example["p1"])
    return first, second, first.get(url), second.get(url), url


def test_change_form_carries_the_version(two_clerks):
    first, _second, page, _page2, _url = two_clerks
    assert 'name="version" value="1"' in page.content.decode()


def test_second_save_on_a_stale_copy_is_refused_and_keeps_the_input(two_clerks, worked_example):
    first, second, page1, page2, url = two_clerks
    response = first.post(url, change_form_data(page1, title="Kết nghĩa – bản của người thứ nhất"))
    assert response.status_code == 302
    p1 = Agreement.objects.get(pk=worked_example["p1"].pk)
    assert (p1.title, p1.version) == ("Kết nghĩa – bản của người thứ nhất", 2)

    response = second.post(url, change_form_data(page2, title="Bản của người thứ hai", notes="Ghi chú quan trọng"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors and ("someone else" in errors[0] or "người khác" in errors[0])
    assert "nhaplieu_bp" in errors[0]  # who saved last
    content = response.content.decode()
    assert "Bản của người thứ hai" in content and "Ghi chú quan trọng" in content  # the input is kept
    p1.refresh_from_db()
    assert (p1.title, p1.version) == ("Kết nghĩa – bản của người thứ nhất", 2)

    # Saving again from the refused form is a deliberate choice: it carries the stored version now.
    assert 'name="version" value="2"' in content
    response = second.post(url, change_form_data(response, title="Bản của người thứ hai"))
    assert response.status_code == 302
    p1.refresh_from_db()
    assert (p1.title, p1.version) == ("Bản của người thứ hai", 3)


def test_lost_race_between_check_and_save_is_refused_not_500(client, users, worked_example, monkeypatch):
    """Another save commits after this form's check but before its save: the atomic UPDATE … WHERE version refuses."""
    client.force_login(users["staff"])
    p1 = worked_example["p1"]
    url = change_url(p1)
    data = change_form_data(client.get(url), title="Muộn một bước")
    Agreement.objects.filter(pk=p1.pk).update(title="Người khác đã lưu", version=2)
    original_clean = VersionedModelForm.clean
    checks = []

    def check_that_read_before_the_other_save(form):
        if not checks and form.instance.pk == p1.pk:
            form.instance.version = 1  # as if the check had run just before the other save committed
        checks.append(form.instance.version)
        return original_clean(form)

    monkeypatch.setattr(VersionedModelForm, "clean", check_that_read_before_the_other_save)
    response = client.post(url, data)
    assert checks == [1, 2]  # the save was refused, then the form was checked again and showed the conflict
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    p1.refresh_from_db()
    assert (p1.title, p1.version) == ("Người khác đã lưu", 2)


def test_stale_support_line_under_a_delegation_is_refused(client, users, worked_example):
    d1, s1 = worked_example["d1"], worked_example["s1"]
    Expenditure.objects.filter(pk=s1.pk).update(delegation=d1)
    client.force_login(users["staff"])
    url = change_url(d1)
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][1].formset.prefix
    data = change_form_data(page, **{f"{prefix}-0-amount_vnd": "90000000"})
    Expenditure.objects.filter(pk=s1.pk).update(amount_vnd=85_000_000, version=5)  # someone else edited it
    response = client.post(url, data)
    assert response.status_code == 200
    row = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert row.non_field_errors()
    s1.refresh_from_db()
    assert (s1.amount_vnd, s1.version) == (85_000_000, 5)


def test_support_line_edited_elsewhere_but_not_here_does_not_block_the_delegation(client, users, worked_example):
    """The row shows the same values as stored (the other edit touched a field not in the row): not written."""
    d1, s1 = worked_example["d1"], worked_example["s1"]
    Expenditure.objects.filter(pk=s1.pk).update(delegation=d1)
    client.force_login(users["staff"])
    url = change_url(d1)
    data = change_form_data(client.get(url), location="Lộc Ninh")
    Expenditure.objects.filter(pk=s1.pk).update(description="Quà Tết Chol Chnam Thmay", version=5)
    assert client.post(url, data).status_code == 302
    s1.refresh_from_db()
    d1.refresh_from_db()
    assert (s1.description, s1.version, d1.location, d1.version) == ("Quà Tết Chol Chnam Thmay", 5, "Lộc Ninh", 2)


def test_missing_version_is_refused(client, users, worked_example):
    client.force_login(users["staff"])
    url = change_url(worked_example["p1"])
    data = change_form_data(client.get(url), title="Không có phiên bản")
    del data["version"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert Agreement.objects.get(pk=worked_example["p1"].pk).title != "Không có phiên bản"


def test_claim_version_moves_exactly_once(worked_example):
    p1 = Agreement.objects.get(pk=worked_example["p1"].pk)
    stale = Agreement.objects.get(pk=p1.pk)
    claim_version(p1, 1)
    assert p1.version == 2
    with pytest.raises(EditConflict) as excinfo:
        claim_version(stale, 1)
    assert (excinfo.value.submitted, excinfo.value.current) == (1, 2)
    assert Agreement.objects.get(pk=p1.pk).version == 2


def test_reason_for_a_change_is_kept_in_the_history(client, users, worked_example):
    p1 = worked_example["p1"]
    client.force_login(users["staff"])
    data = change_form_data(client.get(change_url(p1)), title="Kết nghĩa (sửa)", change_reason="Sửa theo bản gốc")
    assert client.post(change_url(p1), data).status_code == 302
    last = Agreement.objects.get(pk=p1.pk).history.first()
    assert (last.history_change_reason, last.history_user, last.version) == ("Sửa theo bản gốc", users["staff"], 2)
