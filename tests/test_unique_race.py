"""Two hands at once: the loser of a race for a unique value gets the plain duplicate's 400, never a 500.

A double click or two clerks entering the same new unit: both pass the uniqueness check, the database
lets one in and refuses the other. The refusal is shown as the field's own message, in the API, the
admin and the spreadsheet import.
"""

import threading

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client

from dnqp.api.mixins import ModelRulesSerializer
from dnqp.spreadsheets.unit_resources import CommandResource
from partnerships.models import Command
from tests import spreadsheets as s
from tests.admin_helpers import change_form_data

DUPLICATE = "đã tồn tại"  # Django's "… with this code already exists", in Vietnamese


@pytest.fixture
def check_misses_the_winner(monkeypatch):
    """The first uniqueness check runs just before the other save commits, so it finds nothing."""
    original = Model.validate_unique
    calls = []

    def validate_unique(self, exclude=None):
        calls.append(type(self))
        if len(calls) == 1:
            return None
        return original(self, exclude=exclude)

    monkeypatch.setattr(Model, "validate_unique", validate_unique)
    return calls


def test_api_race_for_a_new_code_is_the_duplicates_400(api_client, users, worked_example, monkeypatch):
    original = ModelRulesSerializer.create

    def create_after_the_other_clerk(serializer, validated_data):
        # The other clerk's save commits after this request's checks passed, just before its insert.
        Command.objects.create(code="TN-CT", name="Ban CHQS huyện Châu Thành (người kia)", level="district")
        return original(serializer, validated_data)

    monkeypatch.setattr(ModelRulesSerializer, "create", create_after_the_other_clerk)
    body = {"code": "TN-CT", "name": "Ban CHQS huyện Châu Thành", "level": "district"}
    response = api_client(users["admin"]).post("/api/v1/commands/", body, format="json")
    assert response.status_code == 400, response.content
    assert DUPLICATE in response.json()["code"][0]
    assert Command.objects.filter(code="TN-CT").count() == 1


def test_admin_race_for_a_new_code_is_the_fields_error(client, users, worked_example, check_misses_the_winner):
    Command.objects.create(code="TN-CT", name="Ban CHQS huyện Châu Thành", level="district")
    client.force_login(users["superuser"])
    url = "/admin/partnerships/command/add/"
    data = change_form_data(client.get(url), code="TN-CT", name="Ban CHQS huyện Châu Thành", level="district")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert DUPLICATE in errors["code"][0]
    assert Command.objects.filter(code="TN-CT").count() == 1


def test_import_race_for_a_new_code_is_the_rows_error(users, worked_example, check_misses_the_winner, monkeypatch):
    # Two imports of the same new unit: this one looked the code up before the other one's row committed.
    original = CommandResource.get_instance
    lookups = []

    def get_instance(resource, instance_loader, row):
        lookups.append(row)
        return None if len(lookups) == 1 else original(resource, instance_loader, row)

    monkeypatch.setattr(CommandResource, "get_instance", get_instance)
    Command.objects.create(code="TN-CT", name="Ban CHQS huyện Châu Thành", level="district")
    content = s.csv_file(["Mã đơn vị", "Tên đơn vị", "Cấp"], [["TN-CT", "Ban CHQS huyện Châu Thành", "district"]])
    result = s.run(CommandResource(), content, "don-vi.csv", user=users["superuser"])
    problems = s.problems(result)
    assert problems and any(DUPLICATE in message for _row, _column, message in problems), problems
    assert Command.objects.filter(code="TN-CT").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_posts_of_one_code_give_one_201_and_400s():
    # A superuser: no role group needed (a transactional test may run after another one emptied the tables).
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    admin = User.objects.create_superuser("quantri_song_song", password="Mật-khẩu-thử-123")
    api_token = Token.objects.create(user=admin).key
    barrier = threading.Barrier(12)
    statuses = []

    def post():
        client = Client(HTTP_AUTHORIZATION=f"Token {api_token}")
        barrier.wait()
        response = client.post(
            "/api/v1/commands/",
            {"code": "SONG-SONG", "name": "Ban CHQS song song", "level": "district"},
            content_type="application/json",
        )
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [400] * 11
    assert Command.objects.filter(code="SONG-SONG").count() == 1
