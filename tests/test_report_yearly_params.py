"""The parameters of the reports: every bad value is a message on its field, never an exception."""

import pytest

from dnqp.reports import BorderMeetingsParams, YearlyReportParams


def test_valid_parameters_are_cleaned():
    form = YearlyReportParams({"year": "2016", "year_to": "2025", "command": "3", "country": "kh", "by": "current"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "year": 2016, "year_to": 2025, "date_from": None, "date_to": None, "command": 3, "country": "KH",
        "by": "current",
    }  # fmt: skip


def test_defaults():
    form = YearlyReportParams({"year": "2022"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "year": 2022, "year_to": None, "date_from": None, "date_to": None, "command": None, "country": None,
        "by": "recorded",
    }  # fmt: skip


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "year"),
        ({"year": "abc"}, "year"),
        ({"year": "1899"}, "year"),
        ({"year": "2101"}, "year"),
        ({"year": "2022", "year_to": "2021"}, "year_to"),
        ({"year": "2000", "year_to": "2051"}, "year_to"),
        ({"year": "2022", "year_to": "x"}, "year_to"),
        ({"year": "2022", "command": "BP"}, "command"),
        ({"year": "2022", "command": "-1"}, "command"),
        ({"year": "2022", "country": "XX"}, "country"),
        ({"year": "2022", "country": "KHM"}, "country"),
        ({"year": "2022", "by": "sideways"}, "by"),
    ],
)
def test_bad_values_are_refused_on_their_field(data, field):
    form = YearlyReportParams(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert all(str(message) for message in form.errors[field])


def test_border_meetings_params():
    assert BorderMeetingsParams({"year": "2022", "command": "5"}).is_valid()
    form = BorderMeetingsParams({"year": "20x2"})
    assert not form.is_valid() and list(form.errors) == ["year"]
