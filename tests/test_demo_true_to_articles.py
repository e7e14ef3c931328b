"""The articles' figures come out of the demo through the reports, as the chain of command counts them.

Each figure is read from the sentence ``dnqp/data/demo/sources.csv`` cites (the article's own words, docs/DEMO.md),
and the yearly report gives it — its function for an administrator, its API route (and the dashboard's cards) for
the province's own users, while a user of another province is refused:

- Bà Rịa – Vũng Tàu received 12 foreign military delegations in 2019 (A1): ``delegations_inbound`` of its row;
- Long An's command twinned with four Cambodian units (A2): ``partners_twinned`` of Long An's own row in 2019;
- Long An's 15 district commands twinned with 13 military sectors of Svay Rieng and Prey Veng (A2);
- at the 2020 ceremony the provincial command signed with the Preah Vihear sub-region and five district-level
  commands with five military sectors (A1): ``agreements_signed`` in 2020.

Last, no record names a person an article does not name for that record.
"""

import csv
import datetime
import re
import unicodedata

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from dnqp.data import demo
from dnqp.reports import yearly_report
from events.models import Delegation
from partnerships.choices import AgreementKind
from partnerships.models import Agreement, Command, PartnerUnit, Person

pytestmark = pytest.mark.slow

PASSWORD = "Mật-khẩu-demo-2026"
YEARLY_API = "/api/v1/reports/yearly/"
TODAY = datetime.date(2026, 11, 23)  # the demo's "today" (dnqp/data/demo.py, LAST_DAY)


def sources() -> list[dict]:
    with open(demo.DEMO_DIR / "sources.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


SOURCES = sources()


def cited(pattern: str) -> re.Match:
    """The match of ``pattern`` in the sentences sources.csv cites (one wording, however many records cite it)."""
    found = {m.group(0): m for row in SOURCES if (m := re.search(pattern, row["sentence"]))}
    assert len(found) == 1, (pattern, sorted(found))
    return next(iter(found.values()))


def stated(pattern: str) -> int:
    """The number an article states, as the cited sentence writes it ("04" is 4)."""
    return int(cited(pattern).group(1))


def plain(text: str) -> str:
    """Letters only, without accents or case: "Điêng Sa Run" and "Dieng Sarun" are one name."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if c.isalpha() and not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo with its users, loaded once for the module in a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo.load_demo(password=PASSWORD)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo_loaded, db):
    return demo_loaded


def user(username):
    return User.objects.get(username=username)


def command(code):
    return Command.objects.get(code=code)


def row_of(report, code):
    (row,) = [row for row in report["rows"] if row["code"] == code and not row["own"]]
    return row


def own_row(report):
    (row,) = [row for row in report["rows"] if row["own"]]
    return row


def api_report(api_client, username, **params):
    response = api_client(user(username)).get(YEARLY_API, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_ba_ria_vung_tau_received_twelve_foreign_military_delegations_in_2019(loaded, api_client, client):
    received = stated(r"tiếp và làm việc với (\d+) đoàn Quân đội nước ngoài")
    # The region's administrator: Bà Rịa – Vũng Tàu's row of the region's report (the row of the whole tree's).
    whole = yearly_report(user=user("quantri"), year=2019, today=TODAY)
    assert [row["code"] for row in whole["rows"]] == ["QK7"]
    region = yearly_report(user=user("quantri"), year=2019, command=whole["rows"][0]["command"], today=TODAY)
    assert region["scope"]["code"] == "QK7"
    assert row_of(region, "BRVT")["delegations_inbound"] == received
    # The province's own user: their report (their command by default) and their dashboard's card.
    own = api_report(api_client, "nhaplieu_brvt", year=2019)
    assert own["scope"]["code"] == "BRVT"
    assert own["totals"]["delegations_inbound"] == received
    client.force_login(user("nhaplieu_brvt"))
    assert client.get(reverse("dashboard"), {"year": 2019}).context["cards"]["delegations_inbound"] == received
    # Every one of them came from abroad, and none is counted anywhere else: all are the province's own.
    assert own_row(own)["delegations_inbound"] == received
    # A Long An user may not ask for Bà Rịa – Vũng Tàu's report.
    refused = api_client(user("nhaplieu_longan")).get(YEARLY_API, {"year": 2019, "command": command("BRVT").pk})
    assert refused.status_code == 404


def test_long_an_s_command_twinned_with_four_cambodian_units(loaded, api_client):
    units = stated(r"kết nghĩa với (\d+) đơn vị Quân đội Hoàng gia Campuchia")
    long_an = command("LONGAN")
    by_admin = yearly_report(user=user("quantri"), year=2019, command=long_an.pk, today=TODAY)
    assert own_row(by_admin)["partners_twinned"] == units
    by_staff = api_report(api_client, "nhaplieu_longan", year=2019)
    assert by_staff["scope"]["code"] == "LONGAN"
    assert own_row(by_staff)["partners_twinned"] == units
    # Which four: the two sub-regions and the two gendarmerie commands of Svay Rieng and Prey Veng.
    twinned = PartnerUnit.objects.filter(
        agreements__in=Agreement.objects.in_force(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)).filter(
            command=long_an, kind=AgreementKind.TWINNING
        )
    ).distinct()
    assert {u.code for u in twinned} == {"KH-SVR", "KH-PVG", "KH-SVR-HB", "KH-PVG-HB"}
    refused = api_client(user("nhaplieu_brvt")).get(YEARLY_API, {"year": 2019, "command": long_an.pk})
    assert refused.status_code == 404


def test_long_an_s_fifteen_district_commands_twinned_with_thirteen_military_sectors(loaded, api_client):
    districts = stated(r"Ban CHQS (\d+) huyện, thị, thành phố")
    sectors = stated(r"kết nghĩa với (\d+) Chi khu quân sự 2 tỉnh")
    long_an = command("LONGAN")
    for report in (
        yearly_report(user=user("quantri"), year=2019, command=long_an.pk, today=TODAY),
        api_report(api_client, "nhaplieu_longan", year=2019),
    ):
        rows = [row for row in report["rows"] if not row["own"]]
        levels = dict(Command.objects.filter(pk__in=[row["command"] for row in rows]).values_list("code", "level"))
        district_rows = [row for row in rows if levels[row["code"]] == "district"]
        assert len(district_rows) == districts
        assert all(row["partners_twinned"] >= 1 for row in district_rows), district_rows
        # The partners of the districts' rows are their sectors and, below two of them, the border communes' posts:
        # the province's distinct total, less its own four and the communes' partners, is the sectors.
        communes = Command.objects.filter(parent__parent=long_an, level="commune")
        assert communes.exists()
        communes_partners = sum(
            yearly_report(user=user("nhaplieu_longan"), year=2019, command=c.pk, today=TODAY)["totals"][
                "partners_twinned"
            ]
            for c in communes
        )
        own = own_row(report)["partners_twinned"]
        assert report["totals"]["partners_twinned"] - own - communes_partners == sectors
    # The thirteen are district sectors of the Svay Rieng and Prey Veng sub-regions, each twinned in 2019.
    in_2019 = Agreement.objects.in_force(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)).filter(
        kind=AgreementKind.TWINNING, command__parent=long_an, command__level="district"
    )
    twinned = PartnerUnit.objects.filter(agreements__in=in_2019).distinct()
    assert twinned.count() == sectors
    assert {(u.level, u.parent.code) for u in twinned} == {("district", "KH-SVR"), ("district", "KH-PVG")}
    assert in_2019.values("command").distinct().count() == districts


def test_the_2020_ceremony_of_ba_ria_vung_tau(loaded, api_client):
    """A1: the provincial command signed its cooperation for 2020 with the Preah Vihear sub-region, and "5 Ban CHQS
    TP. Vũng Tàu, TP.Bà Rịa và các huyện: Đất Đỏ, Long Điền, Xuyên Mộc" with "5 Chi khu quân sự: Kulen, Sang Kom
    Tmey, Chey Sen, Cheb và Cham Ksan" — the places and sectors read from the sentence as it lists them."""
    sentence = cited(r"ký kết giữa (\d+) Ban CHQS (.+?) với (\d+) Chi khu quân sự: (.+?) thuộc")
    n_commands, n_sectors = int(sentence.group(1)), int(sentence.group(3))
    places = [re.sub(r"^(TP\.|các huyện:)\s*", "", p.strip()) for p in re.split(r",| và ", sentence.group(2))]
    sector_names = [s.strip() for s in re.split(r",| và ", sentence.group(4))]
    assert len(places) == n_commands and len(sector_names) == n_sectors
    brvt = command("BRVT")
    for report in (
        yearly_report(user=user("quantri"), year=2020, command=brvt.pk, today=TODAY),
        api_report(api_client, "nhaplieu_brvt", year=2020),
    ):
        assert own_row(report)["agreements_signed"] == 1  # the cooperation for 2020 with the sub-region
        signed = {row["name"] for row in report["rows"] if not row["own"] and row["agreements_signed"]}
        assert len(signed) == n_commands
        assert {next(p for p in places if name.endswith(p)) for name in signed} == set(places)
        assert all(row["agreements_signed"] == 1 for row in report["rows"] if row["name"] in signed)
        assert report["totals"]["agreements_signed"] == 1 + n_commands
    # One day: the plan with the sub-region and the five twinnings, each with one of the five sectors.
    plan = Agreement.objects.get(command=brvt, partner_unit__code="KH-PVH", signed_on__year=2020)
    ceremony = Agreement.objects.filter(signed_on=plan.signed_on, command__parent=brvt).select_related("partner_unit")
    assert ceremony.count() == n_commands and {a.kind for a in ceremony} == {AgreementKind.TWINNING}
    for agreement in ceremony:
        unit = agreement.partner_unit
        assert unit.parent_id == plan.partner_unit_id
        assert [s for s in sector_names if s in unit.name or s in unit.aliases], unit
    assert len({a.partner_unit_id for a in ceremony}) == n_sectors


def test_no_record_names_a_person_its_article_does_not_name_for_it(loaded):
    """A signatory, a delegation's leader and a person of the demo are named only where the sentence sources.csv
    cites for that record names them (spellings aside: A2 writes "Dieng Sarun"); a linked person held a post in
    the record's unit on its day."""
    sentence = {(row["file"], row["key"]): plain(row["sentence"]) for row in SOURCES}
    named = []
    for a in Agreement.objects.select_related("our_signatory_person", "partner_signatory_person"):
        key = ("agreements.csv", a.reference)
        for name, person, unit in (
            (a.signatory_vn_name, a.our_signatory_person, {"command": a.command_id}),
            (a.signatory_partner_name, a.partner_signatory_person, {"partner_unit": a.partner_unit_id}),
        ):
            if name or person:
                named.append((key, name or person.name, person, unit, a.signed_on))
    for d in Delegation.objects.select_related("command", "leader_person").prefetch_related("partner_units"):
        if d.leader_name or d.leader_person:
            key = ("delegations.csv", f"{d.command.code} / {d.direction} / {d.purpose} / {d.start_date.isoformat()}")
            person = d.leader_person
            unit = {"partner_unit__in": list(d.partner_units.all())} if person and person.side == "partner" else {}
            named.append((key, d.leader_name or person.name, person, unit or {"command": d.command_id}, d.start_date))
    assert named  # the articles do name a few: the demo keeps them
    for key, name, person, unit, day in named:
        assert plain(name) in sentence[key], (key, name)
        if person is not None:
            assert person.positions.held_on(day).filter(**unit).exists(), (key, name, day)
    people = set(Person.objects.values_list("name", flat=True))
    assert people == {p.name for p in demo.PEOPLE}
    for name in people:
        assert plain(name) in sentence[("people", name)], name
