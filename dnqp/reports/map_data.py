"""What the map (``/map/``) shows: the units of both sides where they are, and the pairs with an agreement in force.

Four queries whatever the number of units and agreements (plus the scope's own, none for a logged-in page):

1. the commands of the user's scope that existed during the year;
2. the partner units the scope deals with: an agreement (of any status), a delegation, an activity or a support
   line of one of its commands;
3. the pairs (command, partner unit) with an agreement in force during the year, with their kinds;
4. the command tree: an agreement that outlived its command is drawn from the command that carries it on.

Everything goes through ``dnqp.access.scoping``: a user sees their organisation's commands only, and only the
partner units those commands deal with (an administrator: every command, every partner unit dealt with). The
country filter narrows the partner units and the pairs; the kind filter narrows the pairs. A unit without
coordinates is in the lists with ``lat``/``lng`` None (the page lists it below the map). Definitions:
docs/REPORTS.md ("Map").
"""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dnqp.access import scoping
from dnqp.access.tree import CURRENT, Tree
from dnqp.core.routers import reporting_reads
from dnqp.reports.caching import cached_report
from dnqp.reports.yearly import period_bounds
from events.models import ActivityPartner, DelegationPartner, Expenditure
from partnerships.choices import COUNTRY_CODES, AgreementKind
from partnerships.models import Agreement, PartnerUnit

# A marker id no database reaches: replaced by each unit's id in its profile's URL (one reverse per kind).
_MARKER = 999_999_999_999


class MapParams(forms.Form):
    """``year`` (default: this year, set by the page), ``country`` of the partner units, ``kind`` of agreement."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        error_messages={
            "required": _("Give the year of the report."),
            "invalid": _("The year must be a whole number, e.g. 2022."),
            "min_value": _("The year must be between 1900 and 2100."),
            "max_value": _("The year must be between 1900 and 2100."),
        },
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        required=False,
        choices=[("", _("All kinds")), *AgreementKind.choices],
        error_messages={"invalid_choice": _("Unknown kind of agreement.")},
    )

    def clean_country(self):
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if country and country not in COUNTRY_CODES:
            raise forms.ValidationError(_("Unknown country code: use a two-letter ISO code such as KH or LA."))
        return country or None

    def clean_kind(self):
        return self.cleaned_data.get("kind") or None


def _coordinate(value):
    return None if value is None else float(value)


def _profile_url(name: str) -> str:
    return reverse(name, args=[_MARKER]).replace(str(_MARKER), "{}")


def dealt_with(user) -> Q:
    """Partner units with an agreement, a delegation, an activity or a support line of ``user``'s scope."""
    unit = OuterRef("pk")
    return (
        Q(Exists(scoping.scope_records(user, Agreement.objects.filter(partner_unit=unit))))
        | Q(Exists(scoping.scope_records(user, Expenditure.objects.filter(partner_unit=unit))))
        | Q(
            Exists(
                scoping.scope_records(
                    user, DelegationPartner.objects.filter(partner_unit=unit), command_field="delegation__command"
                )
            )
        )
        | Q(
            Exists(
                scoping.scope_records(
                    user, ActivityPartner.objects.filter(partner_unit=unit), command_field="activity__command"
                )
            )
        )
    )


@reporting_reads()  # on the read replica when one is configured (dnqp/core/routers.py)
@cached_report("map")  # until the next write (dnqp/reports/caching.py)
def map_data(*, user, year: int, country: str | None = None, kind: str | None = None) -> dict:
    """The commands, partner units and pairs of the map for ``year`` (see the module's docstring)."""
    year = int(year)
    start, end = period_bounds(year)
    command_url, partner_url = _profile_url("command-detail"), _profile_url("partner-unit-detail")

    # Query 1: the scope's commands that existed at some time of the year.
    commands = list(
        scoping.visible_commands(user)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .order_by("sort_order", "code")
        .values_list("pk", "code", "name", "level", "latitude", "longitude")
    )
    # Query 2: the partner units the scope deals with.
    partners = PartnerUnit.objects.filter(dealt_with(user))
    if country:
        partners = partners.filter(country=country)
    partners = list(
        partners.order_by("country", "code").values_list(
            "pk", "code", "name", "name_original", "country", "level", "latitude", "longitude"
        )
    )
    # Query 3: the pairs with an agreement in force during the year (the dashboard's "in force" reading).
    agreements = scoping.scope_records(user, Agreement.objects.in_force(start, end))
    if country:
        agreements = agreements.filter(partner_unit__country=country)
    if kind:
        agreements = agreements.filter(kind=kind)
    rows = agreements.order_by().values_list("command_id", "partner_unit_id", "kind").distinct()

    command_ids = {row[0] for row in commands}
    partner_ids = {row[0] for row in partners}
    kind_order = {value: i for i, value in enumerate(AgreementKind.values)}
    # Query 4: the command tree as organised at the start of the year: an agreement of a command dissolved before it
    # is drawn from the command that carries it on (its successor, or without one its parent), as the reports by
    # current organisation place its records (docs/DECISIONS.md, "Dissolved commands").
    tree = Tree.load(by=CURRENT, today=start)
    pairs: dict[tuple[int, int], set[str]] = {}
    for command_id, partner_id, agreement_kind in rows:
        command_id = tree.placed(command_id)
        # Both ends are on the map (the command in the scope and in existence that year, the partner unit dealt
        # with): the check keeps the lists consistent whatever the data.
        if command_id in command_ids and partner_id in partner_ids:
            pairs.setdefault((command_id, partner_id), set()).add(agreement_kind)

    return {
        "year": year,
        "country": country,
        "kind": kind,
        "commands": [
            {
                "id": pk,
                "code": code,
                "name": name,
                "level": level,
                "lat": _coordinate(lat),
                "lng": _coordinate(lng),
                "url": command_url.format(pk),
            }
            for pk, code, name, level, lat, lng in commands
        ],
        "partner_units": [
            {
                "id": pk,
                "code": code,
                "name": name,
                "name_original": name_original,
                "country": unit_country,
                "level": level,
                "lat": _coordinate(lat),
                "lng": _coordinate(lng),
                "url": partner_url.format(pk),
            }
            for pk, code, name, name_original, unit_country, level, lat, lng in partners
        ],
        "pairs": [
            {"command": command_id, "partner_unit": partner_id, "kinds": sorted(kinds, key=kind_order.__getitem__)}
            for (command_id, partner_id), kinds in sorted(pairs.items())
        ],
    }
