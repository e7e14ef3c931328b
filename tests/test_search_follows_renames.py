"""A record's search text follows its units: a partner unit or a command renamed, a new spelling of a unit, a
partner unit added to or taken off a record — in the same transaction, whatever writes (the database keeps it)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from events import search
from events.models import Activity, Delegation, Expenditure
from partnerships import search as triggers
from partnerships.models import Agreement, Command, PartnerUnit
from tests import factories as f
from tests.search_helpers import FINDERS, corpus

KINDS = ["agreements", "delegations", "activities", "support"]


@pytest.fixture
def w(client, db):
    w = corpus()
    client.force_login(f.user("root", superuser=True))
    return w


def found_everywhere(client, term) -> dict[str, set[int]]:
    """What each list shows for ``term``."""
    return {kind: FINDERS["list"](client, kind, term) for kind in KINDS}


def firsts(w) -> dict[str, set[int]]:
    return {kind: {w[kind][0].pk} for kind in KINDS}


NOTHING = {kind: set() for kind in KINDS}


def test_renaming_a_partner_unit(client, w):
    svr = w["svr"]
    svr.name = "Tiểu khu Quân sự tỉnh Svay Rieng (mới)"
    svr.save()
    assert found_everywhere(client, "tinh svay rieng moi") == firsts(w)
    assert found_everywhere(client, "xvay rieng") == NOTHING
    assert found_everywhere(client, "svayrieng") == firsts(w)  # the other spellings stay


def test_a_new_spelling_of_a_unit(client, w):
    assert found_everywhere(client, "Swai Rieng") == NOTHING
    w["svr"].aliases = [*w["svr"].aliases, "Swai Riêng"]
    w["svr"].save()
    assert found_everywhere(client, "swai rieng") == firsts(w)


def test_a_spelling_written_without_the_models(client, w):
    """An update that sends no signal (``QuerySet.update()``, an import's bulk write, SQL) is followed too."""
    PartnerUnit.objects.filter(pk=w["svr"].pk).update(aliases=["Svai Rieng"], name_original="ស្វាយ")
    assert found_everywhere(client, "svai") == firsts(w)
    assert found_everywhere(client, "svayrieng") == NOTHING
    assert found_everywhere(client, "ស្វាយ") == firsts(w)
    assert found_everywhere(client, "អនុតំបន់") == NOTHING


def test_renaming_a_command(client, w):
    Command.objects.filter(pk=w["chau_duc"].pk).update(name="Ban CHQS thị xã Châu Đức Mới")
    assert found_everywhere(client, "thi xa chau duc moi") == firsts(w)
    assert found_everywhere(client, "huyen chau duc") == NOTHING


def test_partner_units_added_and_taken_off(client, w):
    delegation, activity = w["delegations"][0], w["activities"][0]
    expenditure, agreement = w["support"][0], w["agreements"][0]
    delegation.partner_units.remove(w["svr"])
    activity.partner_units.set([w["atp"]])
    expenditure.partner_unit = w["atp"]
    expenditure.save()
    Agreement.objects.filter(pk=agreement.pk).update(partner_unit=w["atp"])
    assert found_everywhere(client, "svayrieng") == NOTHING
    attapeu = found_everywhere(client, "attapu")
    assert attapeu["delegations"] == {w["delegations"][1].pk}  # the first one no longer has Attapeu either
    assert attapeu["activities"] == {activity.pk, w["activities"][1].pk}
    assert attapeu["support"] == {expenditure.pk}
    assert attapeu["agreements"] == {agreement.pk}
    delegation.partner_units.add(w["atp"])
    assert FINDERS["list"](client, "delegations", "attapu") == {delegation.pk, w["delegations"][1].pk}


def test_records_written_in_bulk_are_found(client, w):
    made = Expenditure.objects.bulk_create(
        [
            Expenditure(
                command=w["xuyen_moc"],
                partner_unit=w["svr"],
                date=datetime.date(2023, 1, day),
                amount_vnd=1_000_000,
                category="gifts",
                funding_source="province",
                beneficiary=f"Học sinh nghèo {day}",
            )
            for day in (1, 2)
        ]
    )
    assert len(made) == 2
    found = FINDERS["list"](client, "support", "svayrieng xuyen moc hoc sinh")
    assert found == set(Expenditure.objects.filter(date__year=2023).values_list("pk", flat=True))
    assert len(found) == 2


def test_a_rename_rolled_back_leaves_the_texts_as_they_were(client, w):
    with pytest.raises(RuntimeError), transaction.atomic():
        PartnerUnit.objects.filter(pk=w["svr"].pk).update(name="Tên tạm")
        raise RuntimeError("the save failed")
    assert found_everywhere(client, "xvay rieng") == firsts(w)
    assert found_everywhere(client, "ten tam") == NOTHING


def kept_texts() -> dict:
    return {
        model._meta.label: dict(model.objects.values_list("pk", "search_text"))
        for model in (Agreement, Delegation, Activity, Expenditure)
    }


def test_working_every_text_out_again_gives_what_the_triggers_keep(w):
    """:func:`events.search.rebuild` (after a bulk load) writes the very texts the triggers wrote."""
    kept = kept_texts()
    assert all(text for texts in kept.values() for text in texts.values())
    search.rebuild(connection)
    assert kept_texts() == kept


def test_triggers_suspended_for_a_bulk_load_then_every_text_worked_out(client, w):
    with transaction.atomic(), search.suspended(connection):
        new = f.expenditure(w["xuyen_moc"], datetime.date(2023, 2, 1), 5_000_000, partner_unit=w["atp"])
        w["svr"].aliases = ["Swai Rieng"]
        w["svr"].save()
        assert Expenditure.objects.get(pk=new.pk).search_text == ""  # nothing kept while suspended
    assert FINDERS["list"](client, "support", "attapu xuyen moc") == {new.pk}
    assert found_everywhere(client, "swai rieng") == firsts(w)
    assert found_everywhere(client, "svayrieng") == NOTHING


def test_rebuild_search_text_after_a_load_without_triggers(client, w):
    """Rows written with the triggers off (``session_replication_role = replica``, a trigger dropped by hand):
    ``manage.py rebuild_search_text`` puts the triggers back and works every text out again."""
    kept = kept_texts()
    triggers.uninstall(connection, search.EVERY_SOURCE)
    for model in (Agreement, Delegation, Activity, Expenditure):
        model.objects.update(search_text="")
    assert found_everywhere(client, "svayrieng") == NOTHING
    out = io.StringIO()
    call_command("rebuild_search_text", stdout=out)
    assert "again" in out.getvalue()
    assert kept_texts() == kept
    w["atp"].aliases = ["Ạt-ta-pư"]
    w["atp"].save()  # the triggers are back
    assert FINDERS["list"](client, "activities", "at-ta-pu") == {w["activities"][1].pk}


def test_records_of_a_bulk_load_are_found(db):
    """``seed_scale`` writes its rows with the triggers off (COPY on PostgreSQL), then works every text out."""
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    kept = kept_texts()
    assert all(text for texts in kept.values() for text in texts.values())
    search.rebuild(connection)
    assert kept_texts() == kept  # what the triggers would have written
    line = Expenditure.objects.filter(partner_unit__isnull=False).select_related("command", "partner_unit").first()
    found = Expenditure.objects.search(f"{line.partner_unit.name} {line.command.code}")
    assert line in found
