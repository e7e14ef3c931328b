"""A report's parameter form is kept per scope and command tree: a write to records keeps it, a write to a
command drops it, and no user is ever shown another scope's picker (``dnqp.core.cache.form_fragment``)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dnqp.core import cache
from partnerships.models import Command
from tests import factories as f

PAGES = ["dashboard", "yearly-report", "border-meetings-report"]
FORM = re.compile(r'<form method="get" class="filters report-form.*?</form>', re.S)


def form_of(client, page, **params):
    response = client.get(reverse(page), {"year": 2022, **params})
    assert response.status_code in (200, 400), response.status_code
    return FORM.search(response.content.decode()).group(0)


def picker_queries(queries) -> int:
    """Queries of the scope picker: the commands' ids, codes and names in code order."""
    return sum(1 for q in queries if q["sql"].startswith('SELECT "partnerships_command"."id" AS "pk"'))


@pytest.mark.parametrize("page", PAGES)
def test_a_write_to_records_keeps_the_form(
    client, users, worked_example, report_cache, django_assert_num_queries, page
):

    client.force_login(users["analyst"])
    with CaptureQueriesContext(connection) as first:
        before = form_of(client, page)
    assert picker_queries(first.captured_queries) == 1
    f.expenditure(worked_example["bp"], worked_example["s1"].date, 5_000_000)  # the figures are dropped...
    with CaptureQueriesContext(connection) as second:
        after = form_of(client, page)
    assert after == before  # ...the form is kept: same HTML, and the picker's query is not run again
    assert picker_queries(second.captured_queries) == 0


@pytest.mark.parametrize("page", PAGES)
def test_a_write_to_a_command_shows_in_the_form_at_once(client, users, worked_example, report_cache, page):
    client.force_login(users["analyst"])
    assert "Ban CHQS huyện Lộc Ninh" in form_of(client, page)
    ln = Command.objects.get(pk=worked_example["bp_ln"].pk)
    ln.name = "Ban CHQS thị xã Lộc Ninh"
    ln.save()
    form = form_of(client, page)
    assert "Ban CHQS thị xã Lộc Ninh" in form and "Ban CHQS huyện Lộc Ninh" not in form
    f.command("BP-HQ", "Ban CHQS huyện Hớn Quản", level="district", parent=worked_example["bp"])
    assert "Ban CHQS huyện Hớn Quản" in form_of(client, page)


@pytest.mark.parametrize("page", PAGES)
def test_another_scope_never_gets_this_scopes_picker(client, users, worked_example, report_cache, page):
    client.force_login(users["analyst"])
    mine = form_of(client, page)
    assert "Bộ CHQS tỉnh Bình Phước" in mine
    client.force_login(users["other_analyst"])  # Tây Ninh: refused Bình Phước's commands
    theirs = form_of(client, page)
    assert "Bộ CHQS tỉnh Tây Ninh" in theirs
    assert "Bình Phước" not in theirs and "Lộc Ninh" not in theirs


@pytest.mark.parametrize("page", PAGES)
def test_the_query_string_and_its_errors_are_the_forms_own(client, users, worked_example, report_cache, page):
    client.force_login(users["analyst"])
    plain = form_of(client, page)
    chosen = form_of(client, page, command=worked_example["bp_ln"].pk)
    assert chosen != plain
    assert f'<option value="{worked_example["bp_ln"].pk}" selected>' in chosen
    wrong = form_of(client, page, year="abc")
    assert "has-error" in wrong and "has-error" not in plain


def test_the_language_is_part_of_the_key(client, users, worked_example, report_cache, settings):
    client.force_login(users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = form_of(client, "yearly-report")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = form_of(client, "yearly-report")
    assert vietnamese != english


def test_nothing_is_kept_with_the_report_cache_off(rf, users, settings):
    settings.DNQP_REPORT_CACHE = False
    request = rf.get("/")
    request.user = users["analyst"]
    assert cache.form_fragment("yearly", request) == {"form_timeout": 0, "form_key": "off"}


def test_kept_in_the_process_and_a_command_written_by_another_process_shows_at_once(
    client, rf, users, worked_example, report_cache
):
    """The forms live in each process's memory (the ``report_forms`` cache); the key's tree generation is read
    from the shared cache, where another process's write to a command moves it."""
    from django.core.cache import cache as shared
    from django.core.cache import caches
    from django.core.cache.utils import make_template_fragment_key
    from django.utils import translation

    client.force_login(users["analyst"])
    assert "Ban CHQS huyện Lộc Ninh" in form_of(client, "yearly-report")
    request = rf.get(reverse("yearly-report"), {"year": 2022})
    request.user = users["analyst"]
    with translation.override("vi"):
        key = make_template_fragment_key("report-form", [cache.form_fragment("yearly", request)["form_key"]])
    assert "Ban CHQS huyện Lộc Ninh" in caches["report_forms"].get(key)  # in this process's memory
    assert shared.get(key) is None  # not in the shared cache
    # Another process renames the district: its row changes and its signal moves the shared tree generation
    # (here: the row updated without a signal in this process, the counter moved as that process moves it).
    Command.objects.filter(pk=worked_example["bp_ln"].pk).update(name="Ban CHQS thị xã Lộc Ninh")
    shared.incr(cache.TREE_GENERATION_KEY)
    form = form_of(client, "yearly-report")
    assert "Ban CHQS thị xã Lộc Ninh" in form and "Ban CHQS huyện Lộc Ninh" not in form
