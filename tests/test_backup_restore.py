"""backup → restore into an empty database → the same records, history, users and report figures."""

import datetime
import gzip
import io
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dnqp.models import Attachment, ExportLog
from dnqp.reports.yearly import yearly_report
from partnerships.models import Agreement
from tests import factories as f

COUNTED = [
    "partnerships.Command",
    "partnerships.PartnerUnit",
    "partnerships.Agreement",
    "partnerships.HistoricalAgreement",
    "events.Delegation",
    "events.DelegationPartner",
    "events.Activity",
    "events.ActivityPartner",
    "events.Expenditure",
    "events.HistoricalExpenditure",
    "dnqp.Profile",
    "dnqp.Attachment",
    "auth.User",
    "auth.Group",
]


@pytest.fixture(autouse=True)
def content_types_read_again():
    """A flushed and restored database numbers its content types afresh, and the test's rollback brings the old
    numbers back: the process-wide cache of content types must not carry either into the next test."""
    yield
    ContentType.objects.clear_cache()


def empty_database():
    """The database as `migrate` leaves it (what `restore` is given), inside the test's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE refuses tables with pending deferred checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # back to deferred, as in restore's own transaction
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()


def counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def figures():
    root = User.objects.get(username="root")
    return [
        yearly_report(user=root, year=2022),
        yearly_report(user=root, year=2016, year_to=2023, by="current"),
        yearly_report(user=User.objects.get(username="tonghop_bp"), year=2022, country="KH"),
    ]


@pytest.fixture
def recorded(users, worked_example):
    Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=worked_example["p1"].pk,
        file=ContentFile(b"%PDF-1.4 scan", name="van-ban.pdf"),
        filename="Văn bản kết nghĩa.pdf",
        mime_type="application/pdf",
        size=13,
    )
    return worked_example


def test_backup_then_restore_into_an_empty_database_gives_the_same_figures(recorded, tmp_path):
    exported_at = datetime.datetime(2020, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)
    uploaded_at = datetime.datetime(2019, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    log = ExportLog.objects.create(user=User.objects.get(username="tonghop_bp"), what="agreements", file_format="csv")
    ExportLog.objects.filter(pk=log.pk).update(created_at=exported_at)
    Attachment.objects.update(uploaded_at=uploaded_at)
    before_counts, before_figures = counts(), figures()
    assert before_figures[0]["totals"]["expenditure_vnd"] > 0
    path = tmp_path / "dnqp.json.gz"

    call_command("backup", str(path), verbosity=0)
    with gzip.open(path, "rt", encoding="utf-8") as backup:
        assert "Bộ CHQS tỉnh Bình Phước" in backup.read()  # diacritics kept as written

    empty_database()
    assert counts()["partnerships.Command"] == 0
    call_command("restore", str(path), verbosity=0)

    assert counts() == before_counts
    assert figures() == before_figures
    restored = Agreement.objects.get(pk=recorded["p1"].pk)  # ids kept: exported spreadsheets still match
    assert restored.command.code == "BP"
    assert Attachment.objects.get().record == restored
    # Dates Django stamps on insert keep the stored ones (who exported what, and when; when a file came in).
    assert Attachment.objects.get().uploaded_at == uploaded_at
    assert list(ExportLog.objects.values_list("created_at", flat=True)) == [exported_at]
    assert User.objects.get(username="nhaplieu_bp").profile.command.code == "BP"
    assert User.objects.get(username="nhaplieu_bp").check_password("Mật-khẩu-thử-123")
    # New records get new ids: the id sequences were moved past the restored rows.
    new = Agreement.objects.create(
        command=restored.command, partner_unit=restored.partner_unit, kind="other", title="Mới"
    )
    assert new.pk > max(a["id"] for a in Agreement.objects.exclude(pk=new.pk).values("id"))


def test_restore_refuses_a_database_that_is_not_empty(recorded, tmp_path):
    path = tmp_path / "dnqp.json"
    call_command("backup", str(path), verbosity=0)
    assert json.loads(path.read_text(encoding="utf-8"))
    before = counts()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), verbosity=0)
    assert counts() == before


def test_a_damaged_backup_is_refused_and_nothing_is_written(recorded, tmp_path):
    path = tmp_path / "dnqp.json"
    call_command("backup", str(path), verbosity=0)
    rows = json.loads(path.read_text(encoding="utf-8"))
    # A support line whose command is not in the file (a hand-edited or truncated backup).
    line = next(row for row in rows if row["model"] == "events.expenditure")
    line["fields"]["command"] = 999_999
    path.write_text(json.dumps(rows), encoding="utf-8")
    truncated = tmp_path / "cut.json"
    truncated.write_text(path.read_text(encoding="utf-8")[:5_000], encoding="utf-8")
    empty_database()
    for damaged in (path, truncated):
        with pytest.raises(CommandError, match="cannot be restored"):
            call_command("restore", str(damaged), verbosity=0)
        assert counts()["partnerships.Command"] == 0 and not User.objects.exists()


def test_backup_refuses_a_name_it_cannot_restore(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path / "dnqp.zip"), verbosity=0)
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "missing.json"), verbosity=0)


def ten_year_figures(api_client, admin):
    """What an administrator reads in the API: ten years of the whole country (a row per top-level command) and of
    its first top-level command (a row per sub-command), as recorded and by current unit."""
    client = api_client(admin)
    out = {}
    for by in ("recorded", "current"):
        response = client.get("/api/v1/reports/yearly/", {"year": 2015, "year_to": 2024, "by": by})
        assert response.status_code == 200, response.content
        out[by] = response.json()
        top = out[by]["rows"][0]["command"]
        response = client.get("/api/v1/reports/yearly/", {"year": 2015, "year_to": 2024, "by": by, "command": top})
        assert response.status_code == 200, response.content
        out[f"{by}, one level down"] = response.json()
    return out


def test_a_restored_small_scale_database_gives_the_same_ten_year_figures(db, tmp_path, api_client):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    before = ten_year_figures(api_client, f.user("quantri", "admin"))
    totals = before["recorded"]["totals"]
    assert totals["expenditure_vnd"] > 0 and totals["delegations_inbound"] > 0 and totals["activities"] > 0
    assert len(before["recorded, one level down"]["rows"]) > 1
    path = tmp_path / "dnqp-small.json.gz"
    call_command("backup", str(path), verbosity=0)

    empty_database()
    assert not User.objects.exists()
    call_command("restore", str(path), verbosity=0)

    assert ten_year_figures(api_client, User.objects.get(username="quantri")) == before
