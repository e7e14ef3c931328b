"""The search text of delegations, activities and support lines (``search_text``): see :mod:`partnerships.search`.

A delegation or an activity is found by each of its partner units (the links in ``events_delegationpartner``
and ``events_activitypartner``), a support line by its one partner unit.
"""

from __future__ import annotations

from partnerships import search

DELEGATION = search.Source(
    "delegation",
    "events_delegation",
    ("leader_name", "leader_title", "location", "notes"),
    links="events_delegationpartner",
    link_column="delegation_id",
)
ACTIVITY = search.Source(
    "activity",
    "events_activity",
    ("title", "location", "notes"),
    links="events_activitypartner",
    link_column="activity_id",
)
EXPENDITURE = search.Source(
    "expenditure", "events_expenditure", ("beneficiary", "description", "voucher"), unit="partner_unit_id"
)
SOURCES = (DELEGATION, ACTIVITY, EXPENDITURE)
# Every table with a search text: what a bulk load suspends and rebuilds.
EVERY_SOURCE = (*search.SOURCES, *SOURCES)


def install(connection) -> None:
    search.install(connection, SOURCES)


def uninstall(connection) -> None:
    search.uninstall(connection, SOURCES)


def rebuild(connection, sources=EVERY_SOURCE) -> None:
    """Every record's text worked out again (agreements' too, by default)."""
    search.rebuild(connection, sources)


def reinstall(connection) -> None:
    """Every search-text trigger installed again (in case some were dropped) and every text worked out, in the
    caller's transaction (``manage.py rebuild_search_text``)."""
    search.uninstall(connection, EVERY_SOURCE)  # the rebuild's update would fire them for nothing
    search.rebuild(connection, EVERY_SOURCE)
    search.install(connection, EVERY_SOURCE)


def suspended(connection):
    """Every search-text trigger off for a bulk load, every text worked out once at its end
    (:func:`partnerships.search.suspended`)."""
    return search.suspended(connection, EVERY_SOURCE)
