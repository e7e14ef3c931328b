"""The admin of people: a person with their positions inline, the autocomplete of signatories, leaders and members
(scoped, each field offering its own side), and the delegation's members and report fields."""

import pytest
from django.urls import reverse

from partnerships.models import Person, Position
from tests.admin_helpers import change_form_data
from tests.people_helpers import add_people

AUTOCOMPLETE = reverse("admin:autocomplete")


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        AUTOCOMPLETE, {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term}
    )
    assert response.status_code == 200, response.status_code
    return sorted(row["text"] for row in response.json()["results"])


@pytest.mark.django_db
def test_signatory_autocomplete_offers_the_users_people_of_the_fields_side(client, users, worked_example):
    add_people(worked_example)
    client.force_login(users["staff"])  # Bình Phước
    assert autocomplete(client, "partnerships", "agreement", "our_signatory_person") == [
        "Nguyễn Văn An",
        "Trần Văn Bình",
    ]
    assert autocomplete(client, "partnerships", "agreement", "partner_signatory_person") == ["Chea Dara", "Sok Samnang"]
    assert autocomplete(client, "partnerships", "agreement", "our_signatory_person", "tran binh") == ["Trần Văn Bình"]
    assert autocomplete(client, "events", "delegation", "leader_person", "sok") == ["Sok Samnang"]
    assert autocomplete(client, "events", "delegationmember", "person", "binh") == ["Trần Văn Bình"]


@pytest.mark.django_db
def test_autocomplete_never_offers_another_organisations_officers(client, users, worked_example):
    add_people(worked_example)
    client.force_login(users["other_staff"])  # Tây Ninh
    assert autocomplete(client, "partnerships", "agreement", "our_signatory_person") == ["Lê Văn Cường"]
    assert autocomplete(client, "partnerships", "agreement", "our_signatory_person", "nguyen van an") == []
    assert autocomplete(client, "events", "delegation", "leader_person", "nguyen van an") == []


@pytest.mark.django_db
def test_staff_add_a_person_with_positions_inline(client, users, worked_example):
    w = worked_example
    client.force_login(users["staff"])
    url = reverse("admin:partnerships_person_add")
    assert client.get(url).status_code == 200
    data = {
        "name": "Phạm Văn Dũng",
        "name_original": "",
        "side": "ours",
        "notes": "",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
        "positions-0-title": "Chỉ huy trưởng",
        "positions-0-rank": "Thượng tá",
        "positions-0-command": str(w["bp_ln"].pk),
        "positions-0-partner_unit": "",
        "positions-0-valid_from": "01/01/2023",
        "positions-0-valid_until": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    person = Person.objects.get(name="Phạm Văn Dũng")
    assert [(p.command.code, p.title) for p in person.positions.all()] == [("BP-LN", "Chỉ huy trưởng")]

    # A post in a partner unit for our side, and no post at all, are form errors; nothing is saved.
    wrong = {**data, "name": "Sai", "positions-0-command": "", "positions-0-partner_unit": str(w["krt"].pk)}
    response = client.post(url, wrong)
    assert response.status_code == 200 and response.context["inline_admin_formsets"][0].formset.errors[0]
    none = {**data, "name": "Không chức vụ", "positions-TOTAL_FORMS": "0"}
    response = client.post(url, none)
    assert response.status_code == 200 and response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert not Person.objects.filter(name__in=["Sai", "Không chức vụ"]).exists()


@pytest.mark.django_db
def test_the_change_form_hides_and_keeps_posts_of_another_organisation(client, users, worked_example):
    w = worked_example
    people = add_people(w)
    client.force_login(users["staff"])  # BP's staff: Trần Văn Bình's Đồng Nai post is not theirs
    url = reverse("admin:partnerships_person_change", args=[people["binh"].pk])
    response = client.get(url)
    shown = response.context["inline_admin_formsets"][0].formset.queryset
    assert [p.command.code for p in shown] == ["BP"]
    response = client.post(url, change_form_data(response, notes="Đã nghỉ hưu"))
    assert response.status_code == 302
    assert sorted(p.command.code for p in Position.objects.filter(person=people["binh"])) == ["BP", "DN"]

    client.force_login(users["other_staff"])  # Tây Ninh: not theirs at all
    assert client.get(url).status_code == 404
    changelist = client.get(reverse("admin:partnerships_person_changelist"))
    assert sorted(p.name for p in changelist.context["cl"].result_list) == ["Chea Dara", "Lê Văn Cường", "Sok Samnang"]


@pytest.mark.django_db
def test_delegation_form_has_members_and_the_trip_report(client, users, worked_example):
    w = worked_example
    people = add_people(w)
    client.force_login(users["staff"])
    url = reverse("admin:events_delegation_change", args=[w["d2"].pk])
    response = client.get(url)
    html = response.content.decode()
    for field in ("leader_person", "approval_reference", "approved_on", "report_due_on", "reported_on"):
        assert f'name="{field}"' in html, field
    data = change_form_data(response, leader_person=str(people["binh"].pk), report_due_on="15/01/2023")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    w["d2"].refresh_from_db()
    assert w["d2"].leader_person == people["binh"] and str(w["d2"].report_due_on) == "2023-01-15"
    assert w["d2"].leader_name == "Trần Văn Bình"

    # An outbound trip led by the partner's commander is refused on the field.
    response = client.post(url, change_form_data(client.get(url), leader_person=str(people["sok"].pk)))
    assert response.status_code == 200 and "leader_person" in response.context["adminform"].form.errors
