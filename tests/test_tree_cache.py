"""The command tree the reports walk is cached per *tree generation*: a write to a command shows at once,
a write to a record keeps the tree (only the figures are recomputed)."""

import datetime

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dnqp.access.tree import Tree
from dnqp.reports import yearly_report
from tests import factories as f

D = datetime.date


def tree_queries(queries) -> int:
    return sum('FROM "partnerships_command"' in q["sql"] and '"successor_id"' in q["sql"] for q in queries)


def test_a_new_command_shows_at_once(report_cache, users, worked_example):
    admin = users["admin"]
    qk7 = worked_example["qk7"]
    codes = [row["code"] for row in yearly_report(user=admin, year=2022, command=qk7.pk)["rows"]]
    assert "TN2" not in codes
    new = f.command("TN2", "Bộ CHQS tỉnh mới", parent=qk7)
    f.expenditure(new, D(2022, 3, 1), 7_000_000)
    rows = {row["code"]: row for row in yearly_report(user=admin, year=2022, command=qk7.pk)["rows"]}
    assert rows["TN2"]["expenditure_vnd"] == 7_000_000
    assert new.pk in Tree.load().nodes


def test_a_renamed_or_moved_command_shows_at_once(report_cache, users, worked_example):
    admin = users["admin"]
    w = worked_example
    assert yearly_report(user=admin, year=2022, command=w["bp_ln"].pk)["scope"]["name"] == "Ban CHQS huyện Lộc Ninh"
    w["bp_ln"].name = "Ban CHQS huyện Lộc Ninh (mới)"
    w["bp_ln"].save()
    assert yearly_report(user=admin, year=2022, command=w["bp_ln"].pk)["scope"]["name"].endswith("(mới)")
    # Moved from Bình Phước to Đồng Nai inside a transaction: seen after the commit too.
    with transaction.atomic():
        w["bp_ln"].parent = w["dn"]
        w["bp_ln"].save()
    assert Tree.load().nodes[w["bp_ln"].pk].parent_id == w["dn"].pk


def test_a_record_write_keeps_the_tree_and_recomputes_the_figures(report_cache, users, worked_example):
    admin = users["admin"]
    before = yearly_report(user=admin, year=2022)["totals"]["expenditure_vnd"]
    f.expenditure(worked_example["bp"], D(2022, 10, 1), 1_000_000)
    with CaptureQueriesContext(connection) as queries:
        after = yearly_report(user=admin, year=2022)["totals"]["expenditure_vnd"]
    assert after == before + 1_000_000
    assert tree_queries(queries) == 0  # figures recomputed, the tree served from the cache
    assert any("events_expenditure" in q["sql"] for q in queries)


def test_without_the_shared_cache_the_tree_is_read_every_time(users, worked_example):
    with CaptureQueriesContext(connection) as queries:
        yearly_report(user=users["admin"], year=2022)
        yearly_report(user=users["admin"], year=2022)
    assert tree_queries(queries) == 2


def test_what_is_kept_with_the_tree_equals_a_fresh_computation(report_cache, users, worked_example):
    """Row keys, children and organisations kept for the tree generation (shared by the threads of a
    worker) are the ones a tree without any memo computes, for every scope and both modes."""
    from concurrent.futures import ThreadPoolExecutor

    scopes = [None, *Tree.load().nodes]

    def computed(tree):
        return {
            scope: (tree.row_keys(scope), tree.children(scope), scope and tree.organisation(scope)) for scope in scopes
        }

    for by in ("recorded", "current"):
        fresh = Tree(nodes=Tree.load().nodes, by=by, today=D(2026, 1, 1))
        expected = computed(fresh)
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _i, by=by: computed(Tree.load(by=by, today=D(2026, 1, 1))), range(8)))
        assert all(result == expected for result in results)
