"""Deleting a person deletes all their posts: a user who cannot see every one of them (a post in another
command's organisation) may not delete the person, in the admin or through the API, and is never shown the
hidden posts on the way (docs/SECURITY.md, "People")."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import Person, Position
from tests.people_helpers import person

URL = "/api/v1/persons/"
D = datetime.date


@pytest.fixture
def dung(worked_example):
    """Our side, no signature and no trip: a post in Bình Phước (BP), then one in Đồng Nai (DN)."""
    w = worked_example
    return person(
        "Hoàng Văn Dũng",
        "ours",
        (w["bp"], "Phó Chỉ huy trưởng", "Thượng tá", D(2016, 1, 1), D(2021, 12, 31)),
        (w["dn"], "Chính ủy Bộ CHQS tỉnh", "Đại tá", D(2025, 7, 1), None),
    )


def posts(someone):
    return sorted(Position.objects.filter(person=someone).values_list("command__code", flat=True))


@pytest.mark.django_db
def test_staff_who_cannot_see_every_post_may_not_delete_the_person(client, api_client, users, dung):
    refused = users["staff"]  # Bình Phước's staff see the BP post, not the DN one
    client.force_login(refused)
    delete_url = reverse("admin:partnerships_person_delete", args=[dung.pk])
    page = client.get(delete_url)
    assert page.status_code == 403
    assert "Chính ủy Bộ CHQS tỉnh" not in page.content.decode()
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:partnerships_person_changelist")
    action = {"action": "delete_selected", "_selected_action": [dung.pk], "post": "yes"}
    assert client.post(changelist, action).status_code == 403
    assert api_client(refused).delete(f"{URL}{dung.pk}/").status_code == 403
    assert posts(dung) == ["BP", "DN"]
    # The change form no longer offers the delete link either.
    change = client.get(reverse("admin:partnerships_person_change", args=[dung.pk]))
    assert change.status_code == 200 and delete_url not in change.content.decode()


@pytest.mark.django_db
def test_a_user_who_sees_every_post_deletes_the_person_with_them(client, api_client, users, dung, worked_example):
    client.force_login(users["admin"])
    response = client.post(reverse("admin:partnerships_person_delete", args=[dung.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=dung.pk).exists() and posts(dung) == []
    # Staff delete a person whose posts are all theirs to see.
    only_bp = person("Đỗ Văn Em", "ours", (worked_example["bp"], "Trợ lý", "", D(2020, 1, 1), None))
    assert api_client(users["staff"]).delete(f"{URL}{only_bp.pk}/").status_code == 204
    assert not Person.objects.filter(pk=only_bp.pk).exists()
