"""The demo data: spreadsheet files loaded through the spreadsheet import, plus what is not a spreadsheet.

The records are in ``dnqp/data/demo/*.csv``, one file per kind, in the import format of the admin and the
list exports (``dnqp/spreadsheets/columns.py``). The loader imports them with the resources of
``dnqp/spreadsheets`` as a trusted caller (no user): units by code, records by the natural key the import
matches a file without IDs by, all or nothing. Unchanged rows are skipped, so a second load writes nothing.
``dnqp/data/demo/sources.csv`` gives every record its source: the article and the sentence it comes from,
or "illustrative". How to edit them: ``docs/DEMO.md``.

What stays in Python:

- the one generated series, the border meetings (``border_meeting_rows``);
- the people the articles name, with their posts (``PEOPLE``; a person with positions is not an import format);
  the agreement and delegation files name them in their person columns, so they are loaded first;
- the demo users and their roles (``DEMO_USERS``; users are not an import format);
- the loader (``load_demo``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tablib
from django.contrib.auth.models import Group, User
from django.db import transaction

from dnqp.access.accounts import set_change_reason
from dnqp.models import ROLE_GROUPS, Profile, Role
from dnqp.spreadsheets import columns
from dnqp.spreadsheets.event_resources import ActivityResource, DelegationResource, ExpenditureResource
from dnqp.spreadsheets.imports import read_file, row_errors
from dnqp.spreadsheets.unit_resources import AgreementResource, CommandResource, PartnerUnitResource
from events.models import Delegation
from partnerships.models import Command, PartnerUnit, Person, Position

DEMO_DIR = Path(__file__).resolve().parent / "demo"

# The files in loading order: parents and successors are sorted by the import itself; agreements come
# before the records that name them; the support file names delegations.
FILES = {
    "commands.csv": CommandResource,
    "partner_units.csv": PartnerUnitResource,
    "agreements.csv": AgreementResource,
    "delegations.csv": DelegationResource,
    "activities.csv": ActivityResource,
    "support.csv": ExpenditureResource,
}
GENERATED = "border meetings (generated)"

# Demo users, created only when DNQP_DEMO_PASSWORD is set: (username, role, command code).
DEMO_USERS = [
    ("quantri", Role.ADMIN, None),
    ("nhaplieu_brvt", Role.STAFF, "BRVT"),
    ("chihuy_qk7", Role.COMMANDER, "QK7"),
    ("tonghop_qk7", Role.ANALYST, "QK7"),
    ("nhaplieu_longan", Role.STAFF, "LONGAN"),
]


class DemoDataError(Exception):
    """A demo file the import refuses: nothing is loaded."""


def read_dataset(name: str) -> tablib.Dataset:
    """A demo file as the admin import reads an uploaded one."""
    return read_file((DEMO_DIR / name).read_bytes(), name)


def read_rows(name: str) -> list[dict[str, str]]:
    """A demo file as dictionaries keyed by header (for the generator and the tests)."""
    dataset = read_dataset(name)
    return [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


def header(spec: list[columns.Column], path: str) -> str:
    return next(column.header for column in spec if column.path == path)


# ---------------------------------------------------------------------------------------------------------
# The generated series: border meetings ("họp cụm biên giới": monthly for communes, quarterly for districts,
# half-yearly for provinces). Sources of each pair: sources.csv, file "border_meetings".
# ---------------------------------------------------------------------------------------------------------

D = datetime.date
MERGER_EVE = D(2025, 6, 30)  # last day of the provinces and districts abolished on 1 July 2025
LAST_DAY = D(2026, 11, 22)  # the data describes what happened up to the day before "today" (23/11/2026)
MEETINGS_FROM = D(2019, 1, 1)
COVID_MONTHS = {(2021, 7), (2021, 8), (2021, 9)}  # social distancing: no commune meetings held

# (command, partner unit, first day, last day meetings were held), mostly the days their agreement was in force.
# Some pairs start late and some are left out on purpose (Svay Teab, the gendarmerie commands...): they show up
# as "behind" in the border-meetings report.
MEETING_PAIRS = [
    ("LONGAN-VINHHUNG-HUNGDIENA", "KH-PVG-KCM-SMG", D(2017, 2, 14), None),
    ("LONGAN-VINHHUNG-THAIBINHTRUNG", "KH-SVR-KPR-SVC", D(2017, 2, 15), None),
    ("LONGAN-DUCHUE-MYQUYTAY", "KH-SVR-CTR-PKK", D(2017, 2, 16), None),
    ("LONGAN-DUCHUE", "KH-SVR-CTR", D(2015, 5, 19), MERGER_EVE),
    ("LONGAN-VINHHUNG", "KH-SVR-KPR", D(2013, 8, 9), MERGER_EVE),
    ("LONGAN-MOCHOA", "KH-SVR-RDL", D(2014, 3, 12), MERGER_EVE),
    ("LONGAN-KIENTUONG", "KH-SVR-RMH", D(2014, 3, 13), MERGER_EVE),
    ("TAYNINH-TANBIEN", "KH-TBK-MMT", D(2015, 11, 20), MERGER_EVE),
    ("BINHPHUOC-LOCNINH", "KH-KRT-SNL", D(2017, 7, 1), MERGER_EVE),
    ("TAYNINH-PTKV-KIENTUONG", "KH-SVR-RMH", D(2025, 10, 1), None),
    ("TAYNINH-PTKV-DUCHUE", "KH-SVR-CTR", D(2025, 10, 1), None),
    ("TAYNINH-PTKV-TANBIEN", "KH-TBK-MMT", D(2025, 10, 20), None),
    ("DONGNAI-PTKV-LOCNINH", "KH-KRT-SNL", D(2025, 9, 10), None),
    ("LONGAN-TANHUNG", "KH-PVG-KCM", D(2022, 7, 1), MERGER_EVE),
    ("BINHPHUOC", "KH-MDK", D(2023, 1, 1), MERGER_EVE),
    ("LONGAN", "KH-SVR", D(2012, 3, 20), MERGER_EVE),
    ("LONGAN", "KH-PVG", D(2012, 3, 21), MERGER_EVE),
    ("TAYNINH", "KH-TBK", D(2013, 9, 5), None),
    ("BINHPHUOC", "KH-KRT", D(2014, 6, 20), MERGER_EVE),
    ("TAYNINH", "KH-SVR", D(2025, 8, 15), None),
    ("TAYNINH", "KH-PVG", D(2025, 8, 15), None),
    ("DONGNAI", "KH-KRT", D(2025, 8, 20), None),
    ("LONGAN-THANHHOA", "KH-SVR-SVT", D(2018, 3, 15), MERGER_EVE),  # last: the gaps depend on a pair's place
]


def _periods(level: str, year: int):
    """(label, first day, last day, usual meeting day) of the periods a border pair owes in ``year``."""
    if level == "commune":
        for m in range(1, 13):
            last = (D(year + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).day
            yield f"tháng {m:02d}/{year}", D(year, m, 1), D(year, m, last), D(year, m, 15)
    elif level == "district":
        for q in range(1, 5):
            first, last = D(year, 3 * q - 2, 1), D(year + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1)
            yield f"quý {q}/{year}", first, last, D(year, 3 * q - 1, 20)
    else:
        yield f"6 tháng đầu năm {year}", D(year, 1, 1), D(year, 6, 30), D(year, 5, 25)
        yield f"6 tháng cuối năm {year}", D(year, 7, 1), D(year, 12, 31), D(year, 10, 25)


def border_meeting_rows() -> Iterator[dict[str, str]]:
    """The border meetings of ``MEETING_PAIRS`` as rows of the activity import, with deliberate gaps (some
    periods have nothing recorded, some a cancelled meeting) and the last ones not yet closed ("planned")."""
    units, partners = columns.COMMAND_COLUMNS, columns.PARTNER_UNIT_COLUMNS
    levels = {row[header(units, "code")]: row[header(units, "level")] for row in read_rows("commands.csv")}
    names = {row[header(partners, "code")]: row[header(partners, "name")] for row in read_rows("partner_units.csv")}
    for pair_no, (command, partner, first_day, last_day) in enumerate(MEETING_PAIRS):
        level = levels[command]
        start, end = max(first_day, MEETINGS_FROM), min(last_day or LAST_DAY, LAST_DAY)
        count = {"commune": 10, "district": 16, "province": 30}[level]
        serial = 0
        for year in range(start.year, end.year + 1):
            for label, p_first, p_last, usual in _periods(level, year):
                day = min(max(usual, start, p_first), p_last)
                if day < start or day > end:
                    continue
                serial += 1
                if (year, day.month) in COVID_MONTHS and level == "commune":
                    continue
                status = "completed"
                if (serial * 7 + pair_no * 5) % 13 == 0:
                    if serial % 2:
                        continue  # deliberately missing: nothing recorded
                    status = "cancelled"  # recorded but cancelled: still missing in the report
                if day > LAST_DAY - datetime.timedelta(days=10) and level != "commune":
                    status = "planned"  # held but not yet closed by data entry
                values = {
                    "kind": "border_meeting",
                    "title": f"Giao ban biên giới {label} với {names[partner]}",
                    "command.code": command,
                    "partner_units.code": partner,
                    "start_date": day.isoformat(),
                    "end_date": day.isoformat(),
                    "participant_count": str(count + serial % 5),
                    "location": f"Khu vực biên giới, {'phía Việt Nam' if serial % 2 else 'phía bạn'}",
                    "status": status,
                    "notes": "",
                }
                yield {
                    column.header: values.get(column.path, "")
                    for column in columns.ACTIVITY_COLUMNS
                    if column.path != "pk"
                }


def border_meetings_dataset() -> tablib.Dataset:
    rows = list(border_meeting_rows())
    dataset = tablib.Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))
    return dataset


# ---------------------------------------------------------------------------------------------------------
# The people the articles name in a post of one of the demo's units (sources.csv, file "people", keyed by
# name), with that post: from the first day known to hold it (the day of the first demo record an article names
# them on, or the article's date when no record does), open-ended (a post in a command ends with the command:
# the 2025 mergers). A record names a person only where an article names them for that record (the agreement
# and delegation files link them through their person columns). Nobody the articles do not name.
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPost:
    unit: str  # a command code (our side) or a partner unit code (partner side)
    title: str
    rank: str
    valid_from: datetime.date


@dataclass(frozen=True)
class DemoPerson:
    name: str
    side: str  # PersonSide value
    posts: tuple[DemoPost, ...]
    name_original: str = ""


PEOPLE = [
    # Quoted by A1 as the provincial commander; no record names him: from the article's date.
    DemoPerson(
        "Phạm Phú Ý",
        "ours",
        (DemoPost("BRVT", "Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng", "Đại tá", D(2020, 2, 28)),),
    ),
    # Named by A1 at the 2020 signing ceremony (the demo's day of it).
    DemoPerson("Chan So Pheak Tra", "partner", (DemoPost("KH-PVH", "Chỉ huy trưởng", "Trung tướng", D(2020, 1, 16)),)),
    # A2's author; its photo shows him handing the Government's funds to Battambang's team (the demo's day of it).
    DemoPerson("Trịnh Văn Xa", "ours", (DemoPost("LONGAN", "Phó Chỉ huy trưởng", "Đại tá", D(2019, 11, 5)),)),
    DemoPerson(
        "Điêng Sa Run",
        "partner",
        (DemoPost("KH-BHQ", "Phó Tham mưu trưởng Liên quân, Phó Tư lệnh", "Đại tướng", D(2019, 10, 8)),),
    ),
]
PEOPLE_REASON = "Demo data (dnqp/data/demo.py, PEOPLE)"


def _load_people() -> dict[str, Counter]:
    """Create or update the people of ``PEOPLE`` and their posts; a second run writes nothing."""
    counts = {"Person": Counter(), "Position": Counter()}
    commands = {c.code: c for c in Command.objects.filter(code__in=[p.unit for d in PEOPLE for p in d.posts])}
    partners = {u.code: u for u in PartnerUnit.objects.filter(code__in=[p.unit for d in PEOPLE for p in d.posts])}
    for entry in PEOPLE:
        person = Person.objects.filter(name=entry.name, side=entry.side).first()
        outcome = "unchanged"
        if person is None:
            person, outcome = Person(name=entry.name, side=entry.side), "created"
        if person.name_original != entry.name_original:
            person.name_original, outcome = entry.name_original, ("created" if person.pk is None else "updated")
        if outcome != "unchanged":
            person.full_clean()
            set_change_reason(person, PEOPLE_REASON)
            person.save()
        counts["Person"][outcome] += 1
        for post in entry.posts:
            unit = {"command": commands.get(post.unit)} if entry.side == "ours" else {}
            unit = unit or {"partner_unit": partners.get(post.unit)}
            if None in unit.values():
                raise DemoDataError(f"PEOPLE: {entry.name}: no unit has the code “{post.unit}”.")
            # One post per person and unit: matched by the unit, so a corrected first day updates the post.
            position = Position.objects.filter(person=person, **unit).order_by("valid_from", "pk").first()
            outcome = "unchanged"
            if position is None:
                position, outcome = Position(person=person, valid_from=post.valid_from, **unit), "created"
            if (position.title, position.rank, position.valid_from) != (post.title, post.rank, post.valid_from):
                position.title, position.rank, position.valid_from = post.title, post.rank, post.valid_from
                outcome = "created" if position.pk is None else "updated"
            if outcome != "unchanged":
                position.full_clean()
                set_change_reason(position, PEOPLE_REASON)
                position.save()
            counts["Position"][outcome] += 1
    return counts


# ---------------------------------------------------------------------------------------------------------
# The loader.
# ---------------------------------------------------------------------------------------------------------

# In support.csv a delegation is named "command / direction / purpose / start date" (a delegation has no
# number, and its ID depends on the database): the loader writes the ID in its place before importing.
DELEGATION_COLUMN = header(columns.EXPENDITURE_COLUMNS, "delegation_id")


def _delegation_ids(dataset: tablib.Dataset) -> tablib.Dataset:
    at = dataset.headers.index(DELEGATION_COLUMN)
    rows = []
    for row in dataset:
        row = list(row)
        if " / " in (row[at] or ""):
            parts = [part.strip() for part in row[at].split(" / ")]
            if len(parts) != 4:
                raise DemoDataError(f"support.csv: “{row[at]}” is not “command / direction / purpose / start date”.")
            command, direction, purpose, start = parts
            found = list(
                Delegation.objects.filter(
                    command__code=command, direction=direction, purpose=purpose, start_date=start
                ).values_list("pk", flat=True)[:2]
            )
            if len(found) != 1:
                raise DemoDataError(f"support.csv: {len(found)} delegations are “{row[at]}”, not one.")
            row[at] = str(found[0])
        rows.append(row)
    return tablib.Dataset(*rows, headers=dataset.headers)


# A delegation is matched by command, direction, purpose, start date and leader (the import's natural key): a
# leader taken out of delegations.csv (a name no article gives for that trip) would otherwise leave the old
# record beside a new one in a database loaded before.
DELEGATION_KEY = [
    header(columns.DELEGATION_COLUMNS, path) for path in ("command.code", "direction", "purpose", "start_date")
]
DELEGATION_LEADER = header(columns.DELEGATION_COLUMNS, "leader_name")


def _match_changed_leaders(dataset: tablib.Dataset) -> None:
    """Where a row's command, direction, purpose and start date are those of exactly one delegation (and of no
    other row) but its leader is not, that delegation takes the row's leader, so that the import updates it
    instead of adding a second one. Writes nothing when the database already matches the file."""
    at = [dataset.headers.index(h) for h in DELEGATION_KEY]
    leader_at = dataset.headers.index(DELEGATION_LEADER)
    keys = Counter(tuple(row[i] for i in at) for row in dataset)
    for row in dataset:
        key = tuple(row[i] for i in at)
        if keys[key] != 1:
            continue
        command, direction, purpose, start = key
        found = list(
            Delegation.objects.filter(
                command__code=command, direction=direction, purpose=purpose, start_date=start
            ).values_list("pk", "leader_name")[:2]
        )
        leader = row[leader_at] or ""
        if len(found) == 1 and found[0][1] != leader:
            Delegation.objects.filter(pk=found[0][0]).update(leader_name=leader)


def _import(stats: dict[str, Counter], name: str, resource_class, dataset: tablib.Dataset) -> None:
    result = resource_class().import_data(dataset, dry_run=False, file_name=f"demo/{name}")
    if result.has_errors() or result.has_validation_errors():
        problems = "; ".join(
            f"row {row}{' – ' + column if column else ''}: {message}"
            for row, column, message in row_errors(result)[:10]
        )
        raise DemoDataError(f"{name}: {problems}")
    counts = stats.setdefault(resource_class._meta.model.__name__, Counter())
    counts["created"] += result.totals["new"]
    counts["updated"] += result.totals["update"]
    counts["unchanged"] += result.totals["skip"]


def _load_users(stats: dict[str, Counter], password: str) -> None:
    users, profiles = stats.setdefault("User", Counter()), stats.setdefault("Profile", Counter())
    for username, role, command_code in DEMO_USERS:
        is_staff = role in (Role.ADMIN, Role.STAFF)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=password, is_staff=is_staff)
            outcome = "created"
        else:
            outcome = "unchanged"
            if user.is_staff != is_staff or not user.check_password(password):
                user.is_staff = is_staff
                user.set_password(password)
                user.save()
                outcome = "updated"
        group = Group.objects.get(name=ROLE_GROUPS[role])
        if set(user.groups.values_list("pk", flat=True)) != {group.pk}:
            user.groups.set([group])
            outcome = "updated" if outcome == "unchanged" else outcome
        users[outcome] += 1
        command = Command.objects.get(code=command_code) if command_code else None
        profile = Profile.objects.filter(user=user).first()
        if profile is None:
            Profile.objects.create(user=user, command=command)
            profiles["created"] += 1
        elif profile.command != command:
            profile.command = command
            profile.save()
            profiles["updated"] += 1
        else:
            profiles["unchanged"] += 1


@transaction.atomic
def load_demo(*, password: str | None = None) -> dict[str, Counter]:
    """Import the demo files (and the demo users if ``password`` is given); returns counts per model.

    All or nothing: one transaction, and a file the import refuses raises :class:`DemoDataError`.
    """
    stats: dict[str, Counter] = {}
    people: dict[str, Counter] = {}
    for name, resource_class in FILES.items():
        dataset = read_dataset(name)
        if name == "support.csv":
            dataset = _delegation_ids(dataset)
        if name == "delegations.csv":
            _match_changed_leaders(dataset)
        _import(stats, name, resource_class, dataset)
        if name == "partner_units.csv":  # before the agreements and delegations that name them
            people = _load_people()
        if name == "activities.csv":
            _import(stats, GENERATED, ActivityResource, border_meetings_dataset())
    if password:
        _load_users(stats, password)
    stats.update(people)  # reported after the files (and the users)
    return stats
