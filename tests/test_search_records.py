"""Every search of records — the four lists, their admin lists and the API — finds a record by its own text, its
command and each of its partner units' names: accents optional, other spellings and the original script included.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.search_helpers import ATTAPEU_LAO, FINDERS, SVAY_RIENG_KHMER, corpus

KINDS = ["agreements", "delegations", "activities", "support"]


@pytest.fixture
def w(db):
    w = corpus()
    w["root"] = f.user("root", superuser=True)
    return w


@pytest.fixture
def as_root(client, api_client, w):
    """``finder(term) -> ids`` for each place, as an administrator."""
    client.force_login(w["root"])
    api = api_client(w["root"])
    return {place: (api if place == "api" else client) for place in FINDERS}


def first(w, kind):
    return {w[kind][0].pk}


UNIT_SPELLINGS = [
    "xvay rieng",  # the name without accents
    "Xvây Riêng",  # as written
    "XVÂY  RIÊNG",  # case and spaces
    "svayrieng",  # another spelling (aliases)
    "Svay Rieng",
    SVAY_RIENG_KHMER,  # the name in Khmer script
    "ស្វាយរៀង",  # part of it
    "kh-svr",  # the unit's code
]
COMMAND_SPELLINGS = ["chau duc", "Châu Đức", "huyen chau", "brvt-chauduc"]


@pytest.mark.parametrize("place", list(FINDERS))
@pytest.mark.parametrize("kind", KINDS)
def test_found_by_a_partner_unit_name(as_root, w, place, kind):
    found = {term: FINDERS[place](as_root[place], kind, term) for term in UNIT_SPELLINGS}
    assert found == {term: first(w, kind) for term in UNIT_SPELLINGS}


@pytest.mark.parametrize("place", list(FINDERS))
@pytest.mark.parametrize("kind", KINDS)
def test_found_by_the_command(as_root, w, place, kind):
    found = {term: FINDERS[place](as_root[place], kind, term) for term in COMMAND_SPELLINGS}
    assert found == {term: first(w, kind) for term in COMMAND_SPELLINGS}


@pytest.mark.parametrize("place", list(FINDERS))
@pytest.mark.parametrize(
    "kind,own",
    [
        ("agreements", "ket nghia hai don vi"),
        ("delegations", "nguyen van duc"),
        ("activities", "Giao ban biên giới"),
        ("support", "ho ngheo"),
    ],
)
def test_found_by_its_own_text(as_root, w, place, kind, own):
    assert FINDERS[place](as_root[place], kind, own) == first(w, kind)


@pytest.mark.parametrize("place", list(FINDERS))
def test_every_word_counts_wherever_it_is(as_root, w, place):
    """Words found in different texts (the command, a unit, the record) must all be there."""
    finder, client = FINDERS[place], as_root[place]
    assert finder(client, "delegations", "chau duc svayrieng nguyen") == first(w, "delegations")
    assert finder(client, "delegations", "xuyen moc svayrieng") == set()
    assert finder(client, "delegations", "kratie") == first(w, "delegations")  # its second partner unit
    assert finder(client, "activities", "kratie") == {w["activities"][1].pk}
    assert finder(client, "activities", ATTAPEU_LAO) == {w["activities"][1].pk}
    assert finder(client, "activities", "attapu") == {w["activities"][1].pk}
    assert finder(client, "agreements", "khong co gi") == set()


@pytest.mark.parametrize("place", list(FINDERS))
def test_a_word_does_not_run_from_one_name_into_the_next(as_root, w, place):
    """The texts are kept one per line: the end of one and the start of the next are not one word."""
    # The command's name ends in "Đức" and the unit's code "KH-SVR" comes next; the line "Hộ nghèo biên giới"
    # comes before the command's code "BRVT-CHAUDUC".
    assert FINDERS[place](as_root[place], "support", "ducKH-SVR") == set()
    assert FINDERS[place](as_root[place], "support", "gioibrvt") == set()


@pytest.mark.parametrize("place", list(FINDERS))
@pytest.mark.parametrize("kind", KINDS)
def test_search_shows_nothing_outside_the_scope(client, api_client, w, place, kind):
    """An analyst of Xuyên Mộc searching Svay Rieng (only Châu Đức's records name it) is shown none of them."""
    if place == "admin":
        user = f.user("nhaplieu_xm", "staff", w["xuyen_moc"])
    else:
        user = f.user("tonghop_xm", "analyst", w["xuyen_moc"])
    client.force_login(user)
    http = api_client(user) if place == "api" else client
    assert FINDERS[place](http, kind, "svayrieng") == set()
    assert FINDERS[place](http, kind, "xuyen moc") == {w[kind][1].pk}


@pytest.mark.parametrize("place", list(FINDERS))
@pytest.mark.parametrize("kind", KINDS)
def test_a_search_adds_no_query(as_root, w, place, kind):
    """Searched, a list runs the same queries as unsearched (here the search finds every record: same rows)."""
    finder, http = FINDERS[place], as_root[place]
    finder(http, kind, "")  # the first request also records the API token's use
    with CaptureQueriesContext(connection) as unsearched:
        everything = finder(http, kind, "")
    with CaptureQueriesContext(connection) as searched:
        found = finder(http, kind, "brvt")  # every record's command is in BRVT's subtree, and its code says so
    assert found == everything == {record.pk for record in w[kind]}
    assert len(searched) == len(unsearched)
