"""The reports scope their queries by the command tree they have loaded (``scoping.scope_records_among``):
an id list computed in Python instead of the recursive subquery of ``scoping.scope_records``. Both must
select exactly the same commands and records, for every user, on the worked example and on a whole
synthetic tree with mergers.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from dnqp.access import scoping
from dnqp.access.tree import Tree
from dnqp.core.db import IdArray
from events.models import Delegation, Expenditure
from partnerships.models import Agreement, Command
from tests import factories as f


def links():
    return list(Command.objects.values_list("id", "parent_id", "successor_id"))


def assert_same_organisations():
    all_links = links()
    for root in Command.objects.values_list("pk", flat=True):
        in_sql = set(Command.objects.organisation(root).values_list("pk", flat=True))
        assert scoping.organisation_ids([root], all_links) == in_sql, root


def test_organisation_in_python_is_the_recursive_query_on_the_worked_example(worked_example):
    assert_same_organisations()
    # Đồng Nai's organisation holds Bình Phước, merged into it, with Bình Phước's districts.
    w = worked_example
    assert {w["bp"].pk, w["bp_ln"].pk, w["dn"].pk} <= scoping.organisation_ids([w["dn"].pk], links())
    assert w["dn"].pk not in scoping.organisation_ids([w["bp"].pk], links())


@pytest.fixture
def synthetic(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())


def test_organisation_in_python_is_the_recursive_query_on_a_whole_tree(synthetic):
    assert Command.objects.filter(successor__isnull=False).exists()  # mergers are part of the data
    assert_same_organisations()


@pytest.mark.parametrize("model", [Agreement, Delegation, Expenditure])
def test_records_scoped_by_the_tree_are_the_records_scoped_by_the_database(synthetic, model):
    region = Command.objects.get(code="S-QK7")
    province = Command.objects.filter(parent=region).order_by("code").first()
    people = [
        User.objects.get(pk=f.user("tonghop_region", "analyst", region).pk),
        User.objects.get(pk=f.user("tonghop_province", "analyst", province).pk),
        User.objects.get(pk=f.user("nobody", "analyst").pk),  # no command: sees nothing
        User.objects.get(pk=f.user("root", superuser=True).pk),
    ]
    tree = Tree.load()
    for user in people:
        expected = set(scoping.scope_records(user, model.objects.all()).values_list("pk", flat=True))
        assert set(tree.scoped(user, model.objects.all()).values_list("pk", flat=True)) == expected
        # Narrowed to a list of commands (a report about one province): the intersection, never more.
        some = list(Command.objects.filter(parent=province).values_list("pk", flat=True)) + [province.pk]
        narrowed = set(tree.scoped(user, model.objects.all(), some).values_list("pk", flat=True))
        assert narrowed == expected & set(model.objects.filter(command_id__in=some).values_list("pk", flat=True))
    assert not tree.scoped(people[2], model.objects.all()).exists()
    assert tree.scoped(people[1], model.objects.all()).count() < tree.scoped(people[0], model.objects.all()).count()


def test_command_in_scope_by_the_tree_matches_the_database(synthetic):
    region = Command.objects.get(code="S-QK7")
    province = Command.objects.filter(parent=region).order_by("code").first()
    user = User.objects.get(pk=f.user("tonghop_province", "analyst", province).pk)
    tree = Tree.load()
    for pk in Command.objects.values_list("pk", flat=True):
        assert scoping.command_in_scope(user, pk, organisation=tree.organisation) == scoping.command_in_scope(user, pk)


def test_any_of_lookup_selects_what_in_selects(worked_example):
    ids = list(Command.objects.values_list("pk", flat=True))[:3]
    assert set(Delegation.objects.filter(command__any_of=ids)) == set(Delegation.objects.filter(command__in=ids))
    assert set(Delegation.objects.filter(command_id__any_of=ids)) == set(Delegation.objects.filter(command_id__in=ids))
    assert not Delegation.objects.filter(command__any_of=[]).exists()
    # Wrapped in an IdArray (one value for Django, not walked element by element): the same rows.
    wrapped = Delegation.objects.filter(command__any_of=IdArray(ids))
    assert set(wrapped) == set(Delegation.objects.filter(command__in=ids))
    assert not Delegation.objects.filter(command__any_of=IdArray([])).exists()
    assert (
        Delegation.objects.filter(command__any_of=set(ids)).count()
        == Delegation.objects.filter(command__in=ids).count()
    )


def test_with_the_shared_cache_records_are_scoped_by_the_cached_tree(synthetic, report_cache, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    region = Command.objects.get(code="S-QK7")
    province = Command.objects.filter(parent=region).order_by("code").first()
    users = [
        User.objects.get(pk=f.user("tonghop_region", "analyst", region).pk),
        User.objects.get(pk=f.user("tonghop_province", "analyst", province).pk),
        User.objects.get(pk=f.user("nobody", "analyst").pk),
    ]
    for user in users:
        with CaptureQueriesContext(connection) as queries:
            cached = set(scoping.scope_records(user, Expenditure.objects.all()).values_list("pk", flat=True))
        assert not any("RECURSIVE" in q["sql"] for q in queries)
        settings.DNQP_REPORT_CACHE = False
        assert cached == set(scoping.scope_records(user, Expenditure.objects.all()).values_list("pk", flat=True))
        settings.DNQP_REPORT_CACHE = True
    # A command moved into the region shows at once: the cached tree is dropped by the write.
    other = f.command("OUT", "Bộ CHQS ngoài vùng")
    line = f.expenditure(other, datetime.date(2024, 3, 1), 1_000_000)
    assert line not in scoping.scope_records(users[0], Expenditure.objects.all())
    other.parent = region
    other.save()
    assert line in scoping.scope_records(users[0], Expenditure.objects.all())
