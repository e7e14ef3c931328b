"""A value that is no id, posted to an autocomplete field, is the field's form error, never a 500.

Django's autocomplete select looks the submitted value up to show it again, and that lookup raised on
"abc" or on a number past the id column's range (every admin form with a unit or record picker, the
signing ceremony, a user's scope).
"""

import pytest
from django.urls import reverse

from partnerships.models import Agreement
from tests.admin_helpers import change_form_data
from tests.test_admin_ceremony import URL as CEREMONY_URL
from tests.test_admin_ceremony import brvt_ceremony, ceremony_post  # noqa: F401

BAD_VALUES = ["abc", "1.5", "99999999999999999999"]
FORMS = [
    ("admin:partnerships_agreement_change", "p1", "command"),
    ("admin:partnerships_agreement_change", "p1", "renews"),
    ("admin:partnerships_partnerunit_change", "snl", "parent"),
    ("admin:events_delegation_change", "d1", "agreement"),
    ("admin:events_expenditure_change", "s1", "partner_unit"),
]


@pytest.mark.parametrize("bad", BAD_VALUES)
@pytest.mark.parametrize(("url_name", "key", "field"), FORMS)
def test_change_form_shows_the_field_error(client, users, worked_example, url_name, key, field, bad):
    client.force_login(users["staff"])
    obj = worked_example[key]
    url = reverse(url_name, args=[obj.pk])
    response = client.post(url, change_form_data(client.get(url), **{field: bad}))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert obj.version == 1  # nothing saved


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_ceremony_row_shows_the_field_errors(client, brvt_ceremony, bad):  # noqa: F811
    client.force_login(brvt_ceremony["staff"])
    data = {**ceremony_post([]), "pairs-0-command": bad, "pairs-0-partner_unit": bad}
    response = client.post(CEREMONY_URL, data)
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert "command" in errors and "partner_unit" in errors
    assert not Agreement.objects.exists()


def test_users_scope_shows_the_field_error(client, users):
    client.force_login(users["superuser"])
    url = reverse("admin:auth_user_change", args=[users["staff"].pk])
    data = change_form_data(client.get(url), **{"profile-0-command": "abc"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert users["staff"].profile.command.code == "BP"


def test_a_valid_choice_is_still_shown_selected(client, users, worked_example):
    client.force_login(users["staff"])
    url = reverse("admin:partnerships_agreement_change", args=[worked_example["p3"].pk])
    content = client.get(url).content.decode()
    assert f'<option value="{worked_example["bp_ln"].pk}" selected>' in content
