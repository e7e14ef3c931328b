"""Annual plans in the admin: a plan with its targets in one form, the copy to next year, scoping per user."""

import pytest
from django.urls import reverse

from events.models import AnnualPlan, PlanTarget

ADD = reverse("admin:events_annualplan_add")
CHANGELIST = reverse("admin:events_annualplan_changelist")
PREFIX = "targets"


def targets_data(*rows):
    data = {f"{PREFIX}-TOTAL_FORMS": str(len(rows)), f"{PREFIX}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{PREFIX}-{index}-{name}": str(value) for name, value in row.items()})
    return data


def plan_data(w, **changes):
    return {
        "command": str(w["bp"].pk),
        "year": "2022",
        "reference": "15/KH-BCH",
        "approved_on": "10/01/2022",
        "approved_by": "Bộ Tư lệnh Quân khu 7",
        "notes": "",
        **targets_data(
            {"metric": "delegations_inbound", "target": 3},
            {"metric": "activities", "activity_kind": "border_meeting", "partner_unit": w["krt"].pk, "target": 4},
        ),
        **changes,
    }


@pytest.mark.django_db
def test_superuser_adds_a_plan_with_its_targets(client, users, worked_example):
    w = worked_example
    client.force_login(users["superuser"])
    form = client.get(ADD)
    assert form.status_code == 200
    response = client.post(ADD, plan_data(w))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    plan = AnnualPlan.objects.get(command=w["bp"], year=2022)
    assert plan.reference == "15/KH-BCH" and str(plan.approved_on) == "2022-01-10"
    assert sorted(plan.targets.values_list("metric", "activity_kind", "partner_unit", "target")) == [
        ("activities", "border_meeting", w["krt"].pk, 4),
        ("delegations_inbound", "", None, 3),
    ]
    listing = client.get(CHANGELIST).content.decode()
    assert "15/KH-BCH" in listing and "Bộ CHQS tỉnh Bình Phước" in listing


@pytest.mark.django_db
def test_a_bad_target_is_a_form_error_and_nothing_is_written(client, users, worked_example):
    w = worked_example
    client.force_login(users["staff"])
    data = plan_data(w, **targets_data({"metric": "agreements_signed", "activity_kind": "exchange", "target": 1}))
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "Loại hoạt động chỉ dùng cho chỉ tiêu hoạt động." in response.content.decode()
    assert not AnnualPlan.objects.exists() and not PlanTarget.objects.exists()


@pytest.mark.django_db
def test_copy_last_years_plan_makes_a_draft_for_the_next_year(client, users, worked_example):
    w = worked_example
    client.force_login(users["staff"])
    assert client.post(ADD, plan_data(w)).status_code == 302
    plan = AnnualPlan.objects.get(command=w["bp"], year=2022)

    action = {"action": "copy_to_next_year", "_selected_action": [str(plan.pk)]}
    response = client.post(CHANGELIST, action, follow=True)
    assert response.status_code == 200
    copy = AnnualPlan.objects.get(command=w["bp"], year=2023)
    assert copy.approved_on is None and copy.reference == "" and copy.approved_by == ""
    key = ("metric", "activity_kind", "partner_unit", "target", "note")
    assert sorted(copy.targets.values_list(*key)) == sorted(plan.targets.values_list(*key))
    assert "Đã tạo dự thảo kế hoạch năm 2023" in response.content.decode()
    assert copy.history.first().history_change_reason == "Chép từ kế hoạch năm 2022."

    # Copying again is refused with a message: the 2023 plan stays as it was.
    again = client.post(CHANGELIST, action, follow=True)
    assert "đã có kế hoạch năm 2023" in again.content.decode()
    assert AnnualPlan.objects.filter(command=w["bp"], year=2023).count() == 1
    assert copy.targets.count() == 2

    # Staff of another scope cannot copy a plan they do not see.
    client.force_login(users["other_staff"])
    client.post(CHANGELIST, {**action, "_selected_action": [str(copy.pk)]}, follow=True)
    assert not AnnualPlan.objects.filter(year=2024).exists()


@pytest.mark.django_db
def test_another_scope_does_not_see_the_plan(client, users, worked_example):
    w = worked_example
    plan = AnnualPlan.objects.create(command=w["bp"], year=2022, reference="15/KH-BCH")
    client.force_login(users["other_staff"])
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "15/KH-BCH" not in listing.content.decode()
    assert client.get(reverse("admin:events_annualplan_change", args=[plan.pk])).status_code == 404

    client.force_login(users["staff"])
    assert "15/KH-BCH" in client.get(CHANGELIST).content.decode()
    client.force_login(users["district_staff"])  # Lộc Ninh, below BP: not BP's own plan
    assert "15/KH-BCH" not in client.get(CHANGELIST).content.decode()
