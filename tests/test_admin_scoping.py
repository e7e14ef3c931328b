"""Scoping in the admin: staff see and change only their command's subtree; read-only roles change nothing."""

import pytest
from django.urls import reverse

from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit
from tests.admin_helpers import change_form_data

RECORDS = {"p1": Agreement, "d1": Delegation, "t2": Activity, "s1": Expenditure}


def url(obj_or_model, view, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def listed(client, model, **params):
    response = client.get(url(model, "changelist"), params)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def test_staff_lists_only_their_subtree(client, users, worked_example):
    w = worked_example
    client.force_login(users["staff"])  # Bình Phước and Lộc Ninh
    assert listed(client, Agreement) == {w["p1"].pk, w["p2"].pk, w["p3"].pk}
    client.force_login(users["district_staff"])  # Lộc Ninh only
    assert listed(client, Agreement) == {w["p3"].pk}
    assert listed(client, Delegation) == {w["d2"].pk}
    assert listed(client, Activity) == {w["t1"].pk}
    assert listed(client, Expenditure) == {w["s2"].pk}


def test_other_scope_staff_get_no_rows(client, users, worked_example):
    client.force_login(users["other_staff"])  # Tây Ninh has no records
    for model in RECORDS.values():
        assert listed(client, model) == set()
    # Units are reference data: every user of the admin reads them.
    assert listed(client, Command) == set(Command.objects.values_list("pk", flat=True))
    assert listed(client, PartnerUnit) == set(PartnerUnit.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("key", list(RECORDS))
def test_other_scope_record_answers_404_on_every_view(client, users, worked_example, key):
    obj = worked_example[key]
    client.force_login(users["other_staff"])
    for view in ("change", "delete", "history"):
        assert client.get(url(obj, view, obj.pk)).status_code == 404, view
    version = obj.history.first().history_id
    assert client.get(url(obj, "simple_history", obj.pk, version)).status_code == 404
    assert client.post(url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_other_scope_post_changes_nothing(client, users, worked_example):
    p1 = worked_example["p1"]
    client.force_login(users["staff"])
    data = change_form_data(client.get(url(p1, "change", p1.pk)), title="Đổi trộm")
    client.force_login(users["other_staff"])
    assert client.post(url(p1, "change", p1.pk), data).status_code == 404
    p1.refresh_from_db()
    assert p1.title != "Đổi trộm"


def test_staff_may_only_pick_a_command_in_their_subtree(client, users, worked_example):
    w = worked_example
    client.force_login(users["staff"])
    page = client.get(url(Agreement, "add"))
    assert page.status_code == 200
    data = {
        "title": "Kết nghĩa mới",
        "kind": "twinning",
        "command": str(w["dn"].pk),  # Đồng Nai: outside Bình Phước's subtree
        "partner_unit": str(w["krt"].pk),
        "signed_on": "01/03/2024",
        "dnqp-attachment-content_type-object_id-TOTAL_FORMS": "0",
        "dnqp-attachment-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = client.post(url(Agreement, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["command"]
    assert not Agreement.objects.filter(title="Kết nghĩa mới").exists()

    data["command"] = str(w["bp_ln"].pk)
    response = client.post(url(Agreement, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Agreement.objects.get(title="Kết nghĩa mới").command == w["bp_ln"]


def test_staff_cannot_move_a_record_out_of_their_subtree(client, users, worked_example):
    d1 = worked_example["d1"]
    client.force_login(users["staff"])
    data = change_form_data(client.get(url(d1, "change", d1.pk)), command=str(worked_example["dn"].pk))
    response = client.post(url(d1, "change", d1.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["command"]
    d1.refresh_from_db()
    assert d1.command == worked_example["bp"]


def test_support_line_inline_refuses_an_out_of_scope_command(client, users, worked_example):
    d1 = worked_example["d1"]
    client.force_login(users["staff"])
    page = client.get(url(d1, "change", d1.pk))
    prefix = page.context["inline_admin_formsets"][1].formset.prefix
    data = change_form_data(
        page,
        **{
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-date": "13/04/2022",
            f"{prefix}-0-command": str(worked_example["dn"].pk),
            f"{prefix}-0-category": "hospitality",
            f"{prefix}-0-funding_source": "province",
            f"{prefix}-0-amount_vnd": "5000000",
        },
    )
    response = client.post(url(d1, "change", d1.pk), data)
    assert response.status_code == 200
    assert not Expenditure.objects.filter(amount_vnd=5_000_000).exists()


@pytest.mark.parametrize("role", ["commander", "analyst"])
def test_read_only_roles_are_kept_out_of_the_admin(client, users, worked_example, role):
    p1 = worked_example["p1"]
    client.force_login(users[role])
    response = client.get(url(p1, "change", p1.pk))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["commander", "analyst"])
def test_read_only_roles_cannot_change_anything_even_inside_the_admin(client, users, worked_example, role):
    """Even if someone lets a commander or analyst into the admin, they only read: every write is 403."""
    user = users[role]
    user.is_staff = True
    user.save()
    client.force_login(users["staff"])
    p1 = worked_example["p1"]
    data = change_form_data(client.get(url(p1, "change", p1.pk)), title="Sửa bởi người chỉ được xem")
    client.force_login(user)
    assert listed(client, Agreement) == {worked_example[k].pk for k in ("p1", "p2", "p3")}
    page = client.get(url(p1, "change", p1.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only view
    assert client.post(url(p1, "change", p1.pk), data).status_code == 403
    assert client.get(url(Agreement, "add")).status_code == 403
    assert client.post(url(p1, "delete", p1.pk), {"post": "yes"}).status_code == 403
    p1.refresh_from_db()
    assert p1.title != "Sửa bởi người chỉ được xem"


def test_commands_are_written_by_administrators_only(client, users, worked_example):
    bp = worked_example["bp"]
    client.force_login(users["staff"])
    data = change_form_data(client.get(url(bp, "change", bp.pk)), name="Đổi tên")
    assert client.get(url(Command, "add")).status_code == 403
    assert client.post(url(bp, "change", bp.pk), data).status_code == 403
    client.force_login(users["admin"])
    data = change_form_data(client.get(url(bp, "change", bp.pk)), name="Bộ CHQS tỉnh Bình Phước (cũ)")
    assert client.post(url(bp, "change", bp.pk), data).status_code == 302
    bp.refresh_from_db()
    assert bp.name == "Bộ CHQS tỉnh Bình Phước (cũ)"


def test_partner_units_are_written_by_staff_and_administrators(client, users, worked_example):
    client.force_login(users["staff"])
    data = {
        "code": "KH-KRT-CHL",
        "name": "Chi khu quân sự Chhlong",
        "country": "KH",
        "level": "district",
        "parent": str(worked_example["krt"].pk),
        "dnqp-attachment-content_type-object_id-TOTAL_FORMS": "0",
        "dnqp-attachment-content_type-object_id-INITIAL_FORMS": "0",
    }
    assert client.post(url(PartnerUnit, "add"), data).status_code == 302
    assert PartnerUnit.objects.filter(code="KH-KRT-CHL").exists()


def test_user_without_a_command_sees_no_records(client, users, worked_example):
    nobody = users["nobody"]
    client.force_login(nobody)
    assert client.get(url(Agreement, "changelist")).status_code == 302  # not staff: admin login


def test_history_of_a_deleted_record_stays_in_its_scope(client, users, worked_example):
    s1 = worked_example["s1"]
    client.force_login(users["staff"])
    assert client.post(url(s1, "delete", s1.pk), {"post": "yes"}).status_code == 302
    assert not Expenditure.objects.filter(pk=s1.pk).exists()
    assert client.get(url(Expenditure, "history", s1.pk)).status_code == 200
    client.force_login(users["other_staff"])
    assert client.get(url(Expenditure, "history", s1.pk)).status_code == 404
    assert client.get(url(Expenditure, "history", "not-a-number")).status_code == 404
