"""A corrected signing date moves the first day in force along when that was the former signing date (its
default) and is not changed itself: in the model, the admin and the API; a first day in force of its own is
kept; the yearly figures follow (an agreement is never counted in force before it was signed)."""

import datetime

import pytest

from dnqp.reports.yearly import yearly_report
from partnerships.models import Agreement
from tests.test_scope_matrix import admin_form_data

D = datetime.date


@pytest.fixture
def p1(worked_example):
    agreement = Agreement.objects.get(pk=worked_example["p1"].pk)  # BP–Kratie, signed 10/03/2016
    assert agreement.valid_from == agreement.signed_on == D(2016, 3, 10)  # in force from the signing
    return agreement


def test_the_model_moves_a_defaulted_first_day_along(p1):
    p1.signed_on = D(2017, 1, 5)
    p1.save()
    p1.refresh_from_db()
    assert p1.valid_from == D(2017, 1, 5)
    p1.signed_on = D(2017, 1, 6)  # corrected again, on the same object
    p1.save()
    assert Agreement.objects.get(pk=p1.pk).valid_from == D(2017, 1, 6)


def test_a_first_day_of_its_own_is_kept(p1):
    Agreement.objects.filter(pk=p1.pk).update(valid_from=D(2016, 4, 1))  # in force a while after the signing
    agreement = Agreement.objects.get(pk=p1.pk)
    agreement.signed_on = D(2016, 3, 12)
    agreement.save()
    assert Agreement.objects.get(pk=p1.pk).valid_from == D(2016, 4, 1)


def test_both_dates_changed_keep_what_was_given(p1):
    p1.signed_on, p1.valid_from = D(2016, 3, 12), D(2016, 5, 1)
    p1.save()
    assert Agreement.objects.get(pk=p1.pk).valid_from == D(2016, 5, 1)


def test_the_admin_moves_it(client, users, p1):
    client.force_login(users["staff"])
    url = f"/admin/partnerships/agreement/{p1.pk}/change/"
    data = {**admin_form_data(client.get(url)), "signed_on": "12/03/2016"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    p1.refresh_from_db()
    assert (p1.signed_on, p1.valid_from) == (D(2016, 3, 12), D(2016, 3, 12))


@pytest.mark.parametrize(
    ("change", "valid_from"),
    [
        ({"signed_on": "2016-03-12"}, "2016-03-12"),
        ({"signed_on": "2016-03-12", "valid_from": "2016-04-01"}, "2016-04-01"),
    ],
)
def test_the_api_moves_it_unless_given(api_client, users, p1, change, valid_from):
    response = api_client(users["staff"]).patch(f"/api/v1/agreements/{p1.pk}/", change, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["valid_from"] == valid_from
    assert Agreement.objects.get(pk=p1.pk).valid_from.isoformat() == valid_from


def test_the_yearly_figures_follow(users, worked_example, p1):
    def in_force_2016():
        return yearly_report(user=users["superuser"], year=2016, command=worked_example["bp"].pk)["totals"][
            "agreements_in_force"
        ]

    assert in_force_2016() == 1
    p1.signed_on = D(2017, 1, 5)  # the date on the document was misread
    p1.save()
    assert in_force_2016() == 0
