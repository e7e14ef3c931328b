"""A person's page lists their posts, the agreements they signed and the delegations they led or joined; a unit's
profile shows who leads it now and who led it before. Records on these pages are scoped like everywhere."""

import datetime

import pytest
from django.urls import reverse

from tests.people_helpers import add_people


def page(client, user, name, pk):
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_person_page_lists_posts_signatures_and_visits(client, users, worked_example):
    w = worked_example
    people = add_people(w)
    response = page(client, users["analyst"], "person-detail", people["sok"].pk)
    context = response.context
    assert [(p.partner_unit.code, p.valid_from.year) for p, _held in context["positions"]] == [("KH-KRT", 2015)]
    assert [a.pk for a in context["sections"]["agreements"]["rows"]] == [w["p1"].pk]
    assert [d.pk for d in context["sections"]["led"]["rows"]] == [w["d1"].pk]
    html = response.content.decode()
    assert "សុខ សំណាង" in html and reverse("agreement-detail", args=[w["p1"].pk]) in html
    assert reverse("delegation-detail", args=[w["d1"].pk]) in html

    joined = page(client, users["analyst"], "person-detail", people["binh"].pk).context["sections"]["joined"]
    assert [d.pk for d in joined["rows"]] == [w["d2"].pk]


@pytest.mark.django_db
def test_person_page_shows_only_the_records_of_the_users_scope(client, users, worked_example):
    """Tây Ninh's analyst opens the partner's commander (partner side: visible) but not Bình Phước's records."""
    people = add_people(worked_example)
    context = page(client, users["other_analyst"], "person-detail", people["sok"].pk).context
    assert context["sections"]["agreements"]["rows"] == [] and context["sections"]["led"]["rows"] == []


@pytest.mark.django_db
def test_partner_profile_shows_current_leaders_and_predecessors(client, users, worked_example):
    w = worked_example
    add_people(w)
    response = page(client, users["other_analyst"], "partner-unit-detail", w["krt"].pk)
    leaders = response.context["leaders"]
    assert [p.person.name for p in leaders["current"]] == ["Chea Dara"]
    assert [p.person.name for p in leaders["former"]] == ["Sok Samnang"]
    html = response.content.decode()
    assert html.index("Chea Dara") < html.index("Sok Samnang")


@pytest.mark.django_db
def test_command_profile_shows_its_leaders_to_its_scope_only(client, users, worked_example):
    w = worked_example
    add_people(w)
    today = datetime.date.today()
    leaders = page(client, users["successor_analyst"], "command-detail", w["dn"].pk).context["leaders"]
    assert [p.person.name for p in leaders["current"]] == ["Trần Văn Bình"]
    bp = page(client, users["analyst"], "command-detail", w["bp"].pk).context["leaders"]
    # Bình Phước was dissolved after 30/06/2025: both its commanders are predecessors now.
    assert today > datetime.date(2025, 6, 30)
    assert bp["current"] == [] and [p.person.name for p in bp["former"]] == ["Trần Văn Bình", "Nguyễn Văn An"]
    hidden = page(client, users["other_analyst"], "command-detail", w["bp"].pk).context["leaders"]
    assert hidden == {"current": [], "former": []}


@pytest.mark.django_db
def test_record_pages_link_the_people(client, users, worked_example):
    w = worked_example
    people = add_people(w)
    agreement = page(client, users["analyst"], "agreement-detail", w["p1"].pk).content.decode()
    assert reverse("person-detail", args=[people["an"].pk]) in agreement
    assert reverse("person-detail", args=[people["sok"].pk]) in agreement
    delegation = page(client, users["analyst"], "delegation-detail", w["d2"].pk)
    assert [m.name for m in delegation.context["members"]] == ["Trần Văn Bình"]
    assert reverse("person-detail", args=[people["binh"].pk]) in delegation.content.decode()


@pytest.mark.django_db
def test_person_page_is_in_vietnamese(client, users, worked_example):
    people = add_people(worked_example)
    html = page(client, users["analyst"], "person-detail", people["sok"].pk).content.decode()
    for heading in ("Quá trình công tác", "Văn bản đã ký", "Đoàn làm trưởng đoàn", "Chức vụ"):
        assert heading in html, heading
