"""The calendar feed's address is a secret (docs/SECURITY.md, "Reminders and the calendar feed"): the log lines of
a request to it (a server error with its traceback, a 404 for an unknown address) name the route, never the key."""

import logging

import pytest
from django.test import Client

from dnqp.access import calendar_keys
from dnqp.web import calendar_feed


def request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def stderr_line(record) -> str:
    """The record as the console handler of the ``django`` logger (stderr) writes it."""
    handler = next(h for h in logging.getLogger("django").handlers if h.get_name() == "console")
    assert handler.filter(record)
    return handler.format(record)


def test_a_server_error_of_the_feed_is_logged_without_the_key(users, caplog, monkeypatch):
    key = calendar_keys.make_key(users["analyst"])

    def broken(**kwargs):
        raise RuntimeError("the calendar broke")

    monkeypatch.setattr(calendar_feed, "build_calendar", broken)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(f"/calendar/{key}.ics")

    assert response.status_code == 500
    [record] = request_records(caplog)
    line = stderr_line(record)
    assert "RuntimeError: the calendar broke" in line  # the traceback is there to find
    assert f"[{response['X-Request-ID']} GET /calendar/***.ics user=" in line
    assert "Internal Server Error: /calendar/***.ics" in line
    assert key not in line and key not in record.request_path


@pytest.mark.django_db
def test_an_unknown_address_is_logged_without_the_key_asked_for(caplog):
    guessed = "A" * 43
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = Client().get(f"/calendar/{guessed}.ics")

        posted = Client().post(f"/calendar/{guessed}.ics")

    assert (response.status_code, posted.status_code) == (404, 405)
    lines = [stderr_line(record) for record in request_records(caplog)]
    assert "Not Found: /calendar/***.ics" in lines[0] and "Method Not Allowed (POST): /calendar/***.ics" in lines[1]
    assert not [line for line in lines if guessed in line]
