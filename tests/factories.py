"""Plain functions that build realistic records for tests (names from the articles of docs/SOURCES.md)."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, User

from dnqp.models import ROLE_GROUPS, Profile
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit

D = datetime.date


def command(code, name=None, level="province", parent=None, **extra) -> Command:
    return Command.objects.create(code=code, name=name or f"Bộ CHQS {code}", level=level, parent=parent, **extra)


def partner(code, name=None, country="KH", level="province", parent=None, **extra) -> PartnerUnit:
    return PartnerUnit.objects.create(
        code=code, name=name or f"Tiểu khu Quân sự {code}", country=country, level=level, parent=parent, **extra
    )


def agreement(cmd, unit, kind="twinning", signed_on=None, **extra) -> Agreement:
    extra.setdefault("title", f"Văn bản {kind} {cmd.code}–{unit.code}")
    return Agreement.objects.create(command=cmd, partner_unit=unit, kind=kind, signed_on=signed_on, **extra)


def delegation(
    cmd, start, *, direction="inbound", members=10, end=None, partners=(), country="KH", **extra
) -> Delegation:
    extra.setdefault("purpose", "working")
    obj = Delegation.objects.create(
        command=cmd,
        direction=direction,
        member_count=members,
        start_date=start,
        end_date=end or start,
        country=country,
        **extra,
    )
    if partners:
        obj.partner_units.set(partners)
    return obj


def activity(cmd, start, *, kind="border_meeting", partners=(), end=None, **extra) -> Activity:
    extra.setdefault("title", f"Giao ban {cmd.code} {start:%m/%Y}")
    obj = Activity.objects.create(command=cmd, kind=kind, start_date=start, end_date=end or start, **extra)
    if partners:
        obj.partner_units.set(partners)
    return obj


def expenditure(cmd, date, amount_vnd=None, *, category="gifts", funding_source="province", **extra) -> Expenditure:
    obj = Expenditure(
        command=cmd, date=date, amount_vnd=amount_vnd, category=category, funding_source=funding_source, **extra
    )
    if "amount_original" in extra:
        obj.amount_original = Decimal(str(extra["amount_original"]))
        obj.exchange_rate = Decimal(str(extra["exchange_rate"]))
    obj.save()
    return obj


def user(username, role=None, cmd=None, *, password="Mật-khẩu-thử-123", superuser=False) -> User:
    """A user of ``role`` ("admin", "staff", "commander", "analyst") belonging to ``cmd``."""
    obj = User.objects.create_user(
        username=username, password=password, is_staff=role in ("admin", "staff") or superuser, is_superuser=superuser
    )
    if role:
        obj.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    Profile.objects.create(user=obj, command=cmd)
    return obj
