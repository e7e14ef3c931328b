"""Query counts of every list page and every list export, pinned, and the same at 10 and at 200 rows.

An analyst of Bình Phước is used throughout (a scoped user: the scope costs the roles and command queries).
"""

import pytest
from django.urls import reverse

from tests.pages_helpers import add_rows

# Queries every scoped page starts with.
#  0. the session (kept in the database, not the cache: docs/OPERATIONS.md)
#  1. the session's user, with their groups (roles: is the user unlimited?) and command id (the root of
#     the scope; dnqp.access.accounts): the scope itself costs no query of its own
SCOPED_PREAMBLE = 2
# A list page then runs:
#  +1 the commands of the "command" select (the user's subtree)
#  +1 the partner units of the "partner unit" select
#  +1 COUNT of the filtered rows (paginator)
#  +2 user and group permissions (may the user add records? shows the "add" button)
#  +1 the rows of the page (command and partner unit joined, status annotated)
RECORD_LIST = SCOPED_PREAMBLE + 6
#  +1 partner units of the page's rows (one prefetch for many-to-many)
M2M_PREFETCH = 1

LIST_QUERIES = {
    "agreement-list": RECORD_LIST,
    # +1 the count of outbound trips whose report is overdue (the list's link to them)
    "delegation-list": RECORD_LIST + M2M_PREFETCH + 1,
    "activity-list": RECORD_LIST + M2M_PREFETCH,
    "expenditure-list": RECORD_LIST,
    # Units are reference data (not scoped): session, user with groups and command id, commands of the select,
    # COUNT, 2 permission queries, rows.
    "command-list": 7,
    # session, user, COUNT, 2 permission queries, rows (no select of commands, no scope).
    "partner-unit-list": 6,
}

# An export: preamble, INSERT of the export log entry, the rows (one query per 2,000 rows), the
# many-to-many prefetch of those rows where there is one, UPDATE of the log entry's row count when done.
EXPORT_QUERIES = {
    "agreement-list": SCOPED_PREAMBLE + 3,
    "delegation-list": SCOPED_PREAMBLE + 3 + M2M_PREFETCH,
    "activity-list": SCOPED_PREAMBLE + 3 + M2M_PREFETCH,
    "expenditure-list": SCOPED_PREAMBLE + 3,
    # Units: session, user, INSERT, rows, UPDATE (no scope queries).
    "command-list": 5,
    "partner-unit-list": 5,
}


def consume(response):
    """Run a streamed response to the end (its queries run while streaming)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_list_page_query_count_does_not_grow_with_rows(
    client, users, worked_example, django_assert_num_queries, name, rows
):
    add_rows(worked_example, rows)
    client.force_login(users["analyst"])
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(response.context["object_list"]) > 0


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted(EXPORT_QUERIES))
def test_list_export_query_count_does_not_grow_with_rows(
    client, users, worked_example, django_assert_num_queries, name, file_format, rows
):
    add_rows(worked_example, rows)
    client.force_login(users["analyst"])
    with django_assert_num_queries(EXPORT_QUERIES[name]):
        response = client.get(reverse(name), {"format": file_format})
        body = consume(response)
    assert response.status_code == 200
    assert body


@pytest.mark.parametrize("rows", [10, 200])
def test_filtered_list_query_count_is_the_same(client, users, worked_example, django_assert_num_queries, rows):
    """Filters add conditions, not queries (the status filter of events takes several values)."""
    add_rows(worked_example, rows)
    client.force_login(users["analyst"])
    params = {"q": "giao luu", "status": ["planned", "completed"], "command": worked_example["bp"].pk, "year": 2022}
    with django_assert_num_queries(LIST_QUERIES["activity-list"]):
        response = client.get(reverse("activity-list"), params)
    assert response.status_code == 200
