"""Subtree and lineage queries on the unit trees: one query whatever the depth; no parent cycles."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import Delegation
from partnerships.models import Agreement, Command, PartnerUnit, rebuild_command_scopes
from tests import factories as f

D = datetime.date


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_subtree_is_the_command_and_all_descendants(worked_example):
    w = worked_example
    commune = f.command("BP-LN-LT", "Ban CHQS xã Lộc Thạnh", level="commune", parent=w["bp_ln"])
    assert codes(Command.objects.subtree(w["bp"])) == ["BP", "BP-LN", commune.code]
    assert codes(Command.objects.subtree(w["qk7"])) == ["BP", "BP-LN", "BP-LN-LT", "DN", "QK7"]
    assert codes(Command.objects.subtree(w["dn"].pk, w["bp_ln"].pk)) == ["BP-LN", "BP-LN-LT", "DN"]
    assert codes(Command.objects.subtree()) == []


def test_subtree_is_one_query_whatever_the_depth(db, django_assert_num_queries):
    root = parent = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    for depth in range(40):
        parent = f.command(f"L{depth:02d}", level="unit", parent=parent)
    f.command("OTHER", "Bộ CHQS tỉnh khác")  # not in the subtree
    with django_assert_num_queries(1):  # 1. SELECT ... WHERE id IN (WITH RECURSIVE ...)
        rows = list(Command.objects.subtree(root))
    assert len(rows) == 41


def test_records_within_a_subtree_in_one_query(worked_example, django_assert_num_queries):
    w = worked_example
    with django_assert_num_queries(1):  # 1. agreements whose command is in the recursive subtree of BP
        references = sorted(a.pk for a in Agreement.objects.within(w["bp"]))
    assert references == sorted([w["p1"].pk, w["p2"].pk, w["p3"].pk])
    with django_assert_num_queries(1):  # 1. delegations of Lộc Ninh's subtree
        assert list(Delegation.objects.within(w["bp_ln"])) == [w["d2"]]


def test_partner_subtree(worked_example):
    w = worked_example
    assert codes(PartnerUnit.objects.subtree(w["krt"])) == ["KH-KRT", "KH-KRT-SNL"]
    assert codes(PartnerUnit.objects.subtree(w["snl"])) == ["KH-KRT-SNL"]


def test_parent_cycle_refused_by_clean(worked_example):
    w = worked_example
    qk7 = w["qk7"]
    qk7.parent = w["bp_ln"]  # QK7 → BP → BP-LN → QK7 would be a loop
    with pytest.raises(ValidationError) as error:
        qk7.clean()
    assert "parent" in error.value.message_dict
    bp = w["bp"]
    bp.parent = bp
    with pytest.raises(ValidationError) as error:
        bp.clean()
    assert "parent" in error.value.message_dict


def test_moving_a_command_elsewhere_is_allowed(worked_example):
    """The counterpart of the cycle check: a legal move is not refused."""
    w = worked_example
    bp_ln = w["bp_ln"]
    bp_ln.parent = w["dn"]
    bp_ln.clean()
    bp_ln.save()
    assert codes(Command.objects.subtree(w["dn"])) == ["BP-LN", "DN"]


def test_partner_parent_cycle_refused_by_clean(worked_example):
    krt = worked_example["krt"]
    krt.parent = worked_example["snl"]
    with pytest.raises(ValidationError) as error:
        krt.clean()
    assert "parent" in error.value.message_dict


def test_subtree_terminates_even_if_a_cycle_slipped_into_the_data(worked_example, django_assert_num_queries):
    """A loop written around clean() (raw update, then the table of descendants rebuilt): the walk still ends."""
    w = worked_example
    Command.objects.filter(pk=w["qk7"].pk).update(parent=w["bp_ln"])
    rebuild_command_scopes()
    with django_assert_num_queries(1):
        assert codes(Command.objects.subtree(w["bp"])) == ["BP", "BP-LN", "DN", "QK7"]


def test_lineage_successor_and_existing(worked_example):
    w = worked_example
    bp = Command.objects.get(code="BP")
    assert bp.successor == w["dn"]
    assert list(w["dn"].predecessors.all()) == [bp]
    assert bp.is_dissolved  # valid_until 30/6/2025, today is later
    assert codes(Command.objects.existing(D(2026, 11, 23))) == ["BP-LN", "DN", "QK7"]
    assert codes(Command.objects.existing(D(2025, 6, 30))) == ["BP", "BP-LN", "DN", "QK7"]
    assert codes(Command.objects.existing(D(2025, 7, 1)).filter(pk__in=Command.objects.subtree(w["qk7"]))) == [
        "BP-LN",
        "DN",
        "QK7",
    ]
