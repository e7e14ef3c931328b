"""Units of both sides and the agreements they sign."""

import datetime

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dnqp.core.text import search, search_kept_text
from dnqp.core.versioning import VersionedModel
from partnerships.choices import (
    BORDER_COUNTRY_CHOICES,
    BORDER_COUNTRY_VALUES,
    COUNTRY_CHOICES,
    COUNTRY_CODES,
    AgreementKind,
    AgreementStatus,
    CommandLevel,
    PartnerLevel,
    PersonSide,
)

CODE_HELP = _("Short unique code, e.g. QK7, BRVT, BRVT-CHAUDUC.")


class PlainTextEncoder(DjangoJSONEncoder):
    """JSON with letters as they are ("Xvây Riêng", not "X\\u00e2y"): the stored text is what searches read."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def coordinates_errors(unit) -> dict:
    """The form errors of a unit's coordinates (the database's rule, :func:`coordinates_constraints`)."""
    errors = {}
    if (unit.latitude is None) != (unit.longitude is None):
        errors["longitude" if unit.longitude is None else "latitude"] = _("Give both latitude and longitude.")
    if unit.latitude is not None and not -90 <= unit.latitude <= 90:
        errors["latitude"] = _("Latitude is between -90 and 90 degrees.")
    if unit.longitude is not None and not -180 <= unit.longitude <= 180:
        errors["longitude"] = _("Longitude is between -180 and 180 degrees.")
    return errors


def coordinates_constraints() -> list:
    """Latitude and longitude both given or both empty, within their ranges (decimal degrees)."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            name="%(app_label)s_%(class)s_coordinates_valid",
        )
    ]


def subtree_sql(table: str, root_ids) -> RawSQL:
    """SQL for the ids of ``root_ids`` and all their descendants in ``table`` (partner units): one recursive
    query. UNION (not UNION ALL) makes the recursion stop even if a cycle slipped into the data. Commands
    have their own table of descendants (:class:`CommandScope`)."""
    root_ids = [int(pk) for pk in root_ids] or [0]
    placeholders = ", ".join(["%s"] * len(root_ids))
    sql = (
        f"WITH RECURSIVE dnqp_subtree(id) AS ("
        f"SELECT id FROM {table} WHERE id IN ({placeholders}) "
        f"UNION SELECT t.id FROM {table} t JOIN dnqp_subtree s ON t.parent_id = s.id"
        f") SELECT id FROM dnqp_subtree"
    )
    return RawSQL(sql, root_ids)


def would_create_cycle(model, instance_pk, parent) -> bool:
    """True if making ``parent`` the parent of the row ``instance_pk`` closes a loop."""
    if parent is None or instance_pk is None:
        return False
    if parent.pk == instance_pk:
        return True
    return model.objects.filter(pk=parent.pk).filter(pk__in=subtree_sql(model._meta.db_table, [instance_pk])).exists()


class TreeQuerySet(models.QuerySet):
    def subtree(self, *roots):
        """The given units (instances or ids) and all their descendants."""
        ids = [getattr(root, "pk", root) for root in roots]
        return self.filter(pk__in=subtree_sql(self.model._meta.db_table, ids))

    def search(self, query):
        return search(self, ["code", "name", "name_en", "province_name"], query)


class CommandQuerySet(TreeQuerySet):
    def subtree(self, *roots):
        """The given commands (instances or ids) and all their descendants (:class:`CommandScope`)."""
        ids = [getattr(root, "pk", root) for root in roots]
        return self.filter(pk__in=CommandScope.objects.filter(ancestor_id__in=ids, merged=False).values("command_id"))

    def organisation(self, *roots):
        """The given commands, their subtrees, and every command merged into one of them (with its subtree).

        After the 2025 mergers the successor answers for its predecessors' records: this is the scope
        of a user of the successor command (:class:`CommandScope`).
        """
        ids = [getattr(root, "pk", root) for root in roots]
        return self.filter(pk__in=CommandScope.objects.filter(ancestor_id__in=ids).values("command_id"))

    def existing(self, on: datetime.date | None = None):
        """Commands not dissolved on ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class Command(VersionedModel):
    """A unit of the Vietnamese side (đơn vị ta)."""

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=CODE_HELP)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CommandLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("reports to"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_name = models.CharField(_("province"), max_length=120, blank=True)
    is_border = models.BooleanField(_("on the border"), default=False)
    border_countries = models.CharField(
        _("borders"),
        max_length=20,
        choices=BORDER_COUNTRY_CHOICES,
        blank=True,
        default="",
        help_text=_(
            "The countries the command's area borders. Border meetings are owed only to partner units of these "
            "countries; left empty on a command on the border, to partner units of any country."
        ),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("dissolved after"), null=True, blank=True, help_text=_("Last day the command existed.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    sort_order = models.IntegerField(
        _("official order"), default=0, help_text=_("Order of the unit in reports and lists (then by code).")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    objects = CommandQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("command")
        verbose_name_plural = _("commands")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=CommandLevel.values), name="%(app_label)s_%(class)s_level_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="%(app_label)s_%(class)s_not_own_parent"),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="%(app_label)s_%(class)s_not_own_successor"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_lineage_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_until__isnull=False),
                name="%(app_label)s_%(class)s_successor_needs_dissolution",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="%(app_label)s_%(class)s_code_not_empty"),
            *coordinates_constraints(),
            models.CheckConstraint(
                condition=Q(border_countries__in=["", *BORDER_COUNTRY_VALUES]),
                name="%(app_label)s_%(class)s_border_countries_valid",
            ),
            models.CheckConstraint(
                condition=Q(border_countries="") | Q(is_border=True),
                name="%(app_label)s_%(class)s_border_countries_on_border",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("command-detail", args=[self.pk])

    @property
    def is_dissolved(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def refusal_after_last_day(self, day: datetime.date | None):
        """The message refusing a record of this command dated ``day``, after the command's last day (naming
        the successor that carries its work on); None when the command still existed that day. The database
        holds the same rule (``partnerships.lifetime``)."""
        if day is None or self.valid_until is None or day <= self.valid_until:
            return None
        values = {"command": self.name, "last_day": self.valid_until.strftime("%d/%m/%Y")}
        if self.successor_id:
            values["successor"] = self.successor.name
            return (
                _(
                    "%(command)s was dissolved after %(last_day)s: record this under %(successor)s, which carries on "
                    "its work (if you cannot choose it, ask an administrator to assign your account to it)."
                )
                % values
            )
        return _("%(command)s was dissolved after %(last_day)s: a record dated later cannot belong to it.") % values

    def records_after(self, day: datetime.date) -> int:
        """How many of this command's records are dated after ``day`` (agreements by signing date, events by
        start date, support by date)."""
        return (
            self.agreements.filter(signed_on__gt=day).count()
            + self.delegations.filter(start_date__gt=day).count()
            + self.activities.filter(start_date__gt=day).count()
            + self.expenditures.filter(date__gt=day).count()
        )

    def clean(self):
        errors = {}
        if (
            self.parent_id is not None
            and self.pk is not None
            and (self.parent_id == self.pk or Command.objects.subtree(self.pk).filter(pk=self.parent_id).exists())
        ):
            errors["parent"] = _("A command cannot report to itself or to one of its own sub-commands.")
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors["successor"] = _("A command cannot be merged into itself.")
        if self.successor_id and not self.valid_until:
            errors["valid_until"] = _("Give the last day of the dissolved command before naming its successor.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The dissolution date cannot be before the start date.")
        errors.update(coordinates_errors(self))
        if self.border_countries and not self.is_border:
            errors["border_countries"] = _("Only a command on the border borders a country: tick “on the border”.")
        if self.pk and self.valid_until and "valid_until" not in errors:
            later = self.records_after(self.valid_until)
            if later:
                errors["valid_until"] = _(
                    "%(count)s records of this command are dated after that day: move them to the successor "
                    "first, or give a later day."
                ) % {"count": later}
        if errors:
            raise ValidationError(errors)


class PartnerUnitQuerySet(TreeQuerySet):
    def search(self, query):
        """Name, code, province, the name in the original script and every other spelling (``aliases``)."""
        fields = ["code", "name", "name_en", "province_name", "name_original", Cast("aliases", models.TextField())]
        return search(self, fields, query)


class CommandScope(models.Model):
    """Which commands count under which: one row per command and each command of its organisation (itself,
    its subtree, and the commands merged into it with their subtrees; ``merged`` when reached through a
    merger). The one answer to "a command, its subtree and the commands merged into it": scoping, filters
    and reports join it. Worked out again on every write to a command (:func:`rebuild_command_scopes`, which
    writes the pairs that changed): commands are a few thousand and rarely written."""

    ancestor = models.ForeignKey(Command, on_delete=models.CASCADE, related_name="+", db_index=False)
    command = models.ForeignKey(Command, on_delete=models.CASCADE, related_name="scopes")
    merged = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ancestor", "command"], name="partnerships_commandscope_unique"),
        ]

    def __str__(self):
        return f"{self.command_id} ⊂ {self.ancestor_id}"


def command_scope_rows(links) -> list[tuple[int, int, bool]]:
    """``(ancestor, command, merged)`` for ``links``, the ``(id, parent_id, successor_id)`` of every command."""
    children: dict[int, list[int]] = {}
    predecessors: dict[int, list[int]] = {}
    for pk, parent_id, successor_id in links:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
        if successor_id is not None:
            predecessors.setdefault(successor_id, []).append(pk)
    rows = []
    for root, _parent, _successor in links:
        subtree = {root}
        todo = [root]
        while todo:  # parent links only
            for child in children.get(todo.pop(), ()):
                if child not in subtree:
                    subtree.add(child)
                    todo.append(child)
        organisation = set(subtree)
        todo = list(subtree)
        while todo:  # parent and merger links
            node = todo.pop()
            for other in (*children.get(node, ()), *predecessors.get(node, ())):
                if other not in organisation:
                    organisation.add(other)
                    todo.append(other)
        rows.extend((root, pk, pk not in subtree) for pk in organisation)
    return rows


def rebuild_command_scopes(command_model=None, scope_model=None, using: str = "default") -> int:
    """Bring :class:`CommandScope` in line with the commands' parent and merger links: worked out whole, then only
    the pairs that changed are written (the reports' summary follows each pair that appears or goes through a
    database trigger, ``events/summary.py``; a move in the tree costs what it moves, not the whole table)."""
    command_model = command_model or Command
    scope_model = scope_model or CommandScope
    scopes = scope_model._base_manager.using(using)
    links = list(command_model._base_manager.using(using).values_list("id", "parent_id", "successor_id"))
    wanted = {(a, c): m for a, c, m in command_scope_rows(links)}
    present = {(a, c): (pk, m) for pk, a, c, m in scopes.values_list("id", "ancestor_id", "command_id", "merged")}
    gone = [pk for pair, (pk, _merged) in present.items() if pair not in wanted]
    flipped: dict[bool, list[int]] = {True: [], False: []}  # pairs now reached (or no longer) through a merger
    for pair, (pk, merged) in present.items():
        if pair in wanted and wanted[pair] != merged:
            flipped[wanted[pair]].append(pk)
    new = [scope_model(ancestor_id=a, command_id=c, merged=m) for (a, c), m in wanted.items() if (a, c) not in present]
    for i in range(0, len(gone), 5000):
        scopes.filter(pk__in=gone[i : i + 5000]).delete()
    for merged, pks in flipped.items():
        for i in range(0, len(pks), 5000):
            scopes.filter(pk__in=pks[i : i + 5000]).update(merged=merged)
    scopes.bulk_create(new, batch_size=5000)
    connection = connections[using]
    if connection.vendor == "postgresql" and (gone or new or any(flipped.values())):
        with connection.cursor() as cursor:  # fresh statistics: the planner joins it in every scoped query
            cursor.execute(f"ANALYZE {connection.ops.quote_name(scope_model._meta.db_table)}")
    return len(wanted)


class PartnerUnit(VersionedModel):
    """A unit of the partner side (đơn vị bạn)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("As Vietnamese documents write it."))
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    province_name = models.CharField(_("province"), max_length=120, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=PartnerLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_original = models.CharField(
        _("name in the original script"), max_length=255, blank=True, help_text=_("In Khmer or Lao script.")
    )
    aliases = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        encoder=PlainTextEncoder,
        help_text=_("Spellings met in documents, e.g. Svayrieng, Sang Kom Tmey; found by searches like the name."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    objects = PartnerUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=PartnerLevel.values), name="%(app_label)s_%(class)s_level_valid"
            ),
            models.CheckConstraint(condition=Q(country__in=COUNTRY_CODES), name="%(app_label)s_%(class)s_country_iso"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="%(app_label)s_%(class)s_not_own_parent"),
            models.CheckConstraint(condition=~Q(code=""), name="%(app_label)s_%(class)s_code_not_empty"),
            *coordinates_constraints(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partner-unit-detail", args=[self.pk])

    def clean(self):
        if would_create_cycle(PartnerUnit, self.pk, self.parent):
            raise ValidationError({"parent": _("A unit cannot belong to itself or to one of its own sub-units.")})
        if self.parent_id and self.country and self.parent.country != self.country:
            raise ValidationError({"parent": _("The parent unit belongs to another country.")})
        errors = coordinates_errors(self)
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            errors["aliases"] = _("Give the other spellings as a list of names.")
        else:  # trimmed, without blanks or repeats, in the order given
            self.aliases = list(dict.fromkeys(a.strip() for a in self.aliases if a.strip()))
        if errors:
            raise ValidationError(errors)


class PersonQuerySet(models.QuerySet):
    def search(self, query):
        """The name as Vietnamese documents write it or in the original script, accents aside."""
        return search(self, ["name", "name_original"], query)

    def holding(self, on: datetime.date, *, command=None, partner_unit=None):
        """The people who held a position in ``command`` or ``partner_unit`` (instances or ids) on ``on``."""
        positions = Position.objects.held_on(on)
        if command is not None:
            positions = positions.filter(command=command)
        if partner_unit is not None:
            positions = positions.filter(partner_unit=partner_unit)
        return self.filter(pk__in=positions.values("person_id"))


class Person(VersionedModel):
    """Someone of either side who signs, leads or takes part: their posts over time are :class:`Position` rows."""

    name = models.CharField(
        _("full name"), max_length=120, help_text=_("As Vietnamese documents write it, e.g. Chan So Pheak Tra.")
    )
    name_original = models.CharField(
        _("name in the original script"), max_length=120, blank=True, help_text=_("In Khmer or Lao script.")
    )
    side = models.CharField(_("side"), max_length=10, choices=PersonSide.choices)
    notes = models.TextField(_("notes"), blank=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(condition=Q(side__in=PersonSide.values), name="%(app_label)s_%(class)s_side_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="%(app_label)s_%(class)s_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("person-detail", args=[self.pk])

    def clean(self):
        self.name = (self.name or "").strip()
        self.name_original = (self.name_original or "").strip()
        if not self.name:
            raise ValidationError({"name": _("Give the person's name.")})


def held_on_q(day: datetime.date, prefix: str = "") -> Q:
    """A position held on ``day``: begun by then, not ended before, in a command that still existed that day (a
    post ends with its command: docs/DECISIONS.md, "People and their posts")."""
    p = prefix
    return (
        Q(**{f"{p}valid_from__lte": day})
        & (Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gte": day}))
        & (
            Q(**{f"{p}command__isnull": True})
            | Q(**{f"{p}command__valid_until__isnull": True})
            | Q(**{f"{p}command__valid_until__gte": day})
        )
    )


class PositionQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date):
        return self.filter(held_on_q(day))


class Position(models.Model):
    """A post a person held in one command or one partner unit, from one day to another (open while held)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions")
    command = models.ForeignKey(
        Command, verbose_name=_("command"), null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    partner_unit = models.ForeignKey(
        PartnerUnit,
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(pgettext_lazy("post", "title"), max_length=200, help_text=_("e.g. Chỉ huy trưởng."))
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    valid_from = models.DateField(
        pgettext_lazy("post", "from"), help_text=_("First day in the post; the first day known if the day is not.")
    )
    valid_until = models.DateField(
        pgettext_lazy("post", "until"), null=True, blank=True, help_text=_("Last day in the post; empty while held.")
    )

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [
            models.Index(fields=["partner_unit", "valid_from"], name="position_partner_from"),
            models.Index(fields=["command", "valid_from"], name="position_command_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(command__isnull=False, partner_unit__isnull=True)
                | Q(command__isnull=True, partner_unit__isnull=False),
                name="%(app_label)s_%(class)s_one_unit",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_dates_ordered",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="%(app_label)s_%(class)s_title_not_empty"),
        ]

    def __str__(self):
        unit = self.command or self.partner_unit
        return f"{self.title}, {unit}" if unit else self.title

    @property
    def unit(self):
        return self.command if self.command_id else self.partner_unit

    def held_on(self, day: datetime.date) -> bool:
        if self.valid_from is None or self.valid_from > day:
            return False
        if self.valid_until is not None and self.valid_until < day:
            return False
        return not (self.command_id and self.command.valid_until is not None and self.command.valid_until < day)

    def fits_side(self, side: str) -> bool:
        """True if a person of ``side`` may hold this position: ours in a command, the partner's in a partner unit."""
        return bool(self.command_id) if side == PersonSide.OURS else bool(self.partner_unit_id)

    @property
    def last_day(self) -> datetime.date | None:
        """The last day in the post: its own, or its command's last day if that comes first."""
        ends = [d for d in (self.valid_until, self.command.valid_until if self.command_id else None) if d]
        return min(ends, default=None)

    def clean(self):
        errors = {}
        self.title = (self.title or "").strip()
        if bool(self.command_id) == bool(self.partner_unit_id):
            errors["partner_unit" if self.command_id else "command"] = _(
                "A position is held in one unit: give a command or a partner unit, not both."
            )
        # The person may be unsaved yet (written with its positions): then it is in the cache, not in person_id.
        side = self.person.side if self.person_id or "person" in self._state.fields_cache else None
        if side == PersonSide.OURS and self.partner_unit_id:
            errors["partner_unit"] = _("A person of our side holds positions in our commands.")
        if side == PersonSide.PARTNER and self.command_id:
            errors["command"] = _("A person of the partner side holds positions in partner units.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The last day in the post cannot be before the first.")
        refused = self.command.refusal_after_last_day(self.valid_from) if self.command_id else None
        if refused and "command" not in errors:
            errors["command"] = refused
        if not self.title:
            errors["title"] = _("Give the title of the post.")
        if errors:
            raise ValidationError(errors)


def in_force_q(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Signed, in force from on or before ``end``, not expired or terminated before ``start``: the dates alone. An
    agreement outlives a dissolved command that signed it; the successor carries it on (docs/DECISIONS.md,
    "Dissolved commands")."""
    p = prefix
    return (
        Q(**{f"{p}signed_on__isnull": False, f"{p}valid_from__lte": end})
        & (Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gte": start}))
        & (Q(**{f"{p}terminated_on__isnull": True}) | Q(**{f"{p}terminated_on__gte": start}))
    )


def status_expression(today: datetime.date) -> Case:
    return Case(
        When(signed_on__isnull=True, then=Value(AgreementStatus.DRAFT)),
        When(terminated_on__lt=today, then=Value(AgreementStatus.TERMINATED)),
        When(valid_until__lt=today, then=Value(AgreementStatus.EXPIRED)),
        When(valid_from__gt=today, then=Value(AgreementStatus.PENDING)),
        default=Value(AgreementStatus.IN_FORCE),
        output_field=models.CharField(),
    )


class AgreementQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date | None = None):
        return self.annotate(current_status=status_expression(today or timezone.localdate()))

    def with_status_value(self, status: str, today: datetime.date | None = None):
        return self.alias(_status=status_expression(today or timezone.localdate())).filter(_status=status)

    def in_force(self, start: datetime.date, end: datetime.date | None = None):
        """Agreements in force at any time between ``start`` and ``end`` (inclusive; one day if no end)."""
        return self.filter(in_force_q(start, end or start))

    def signed_in(self, start: datetime.date, end: datetime.date):
        return self.filter(signed_on__gte=start, signed_on__lte=end)

    def within(self, *commands):
        return self.filter(command__in=Command.objects.subtree(*commands).values("pk"))

    def search(self, query):
        """Number, title, notes, the command and the partner unit (partnerships/search.py)."""
        return search_kept_text(self, query)

    def expiring(self, today: datetime.date, days: int = 90):
        """In force today, with a last day within the next ``days`` days."""
        return self.in_force(today).filter(
            valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=days)
        )


class Agreement(VersionedModel):
    """A signed twinning or cooperation document between one command and one partner unit (văn bản ký kết)."""

    reference = models.CharField(_("document number"), max_length=80, blank=True)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)  # the trích yếu
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    command = models.ForeignKey(Command, verbose_name=_("command"), on_delete=models.PROTECT, related_name="agreements")
    partner_unit = models.ForeignKey(
        PartnerUnit, verbose_name=_("partner unit"), on_delete=models.PROTECT, related_name="agreements"
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, help_text=_("Leave empty for a draft."))
    valid_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Defaults to the signing date.")
    )
    valid_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Last day in force; empty means open-ended.")
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True, help_text=_("Last day in force."))
    renews = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    signatory_vn_name = models.CharField(_("our signatory"), max_length=120, blank=True)
    signatory_vn_rank = models.CharField(_("our signatory's rank"), max_length=80, blank=True)
    signatory_vn_title = models.CharField(_("our signatory's title"), max_length=200, blank=True)
    signatory_partner_name = models.CharField(_("partner signatory"), max_length=120, blank=True)
    signatory_partner_rank = models.CharField(_("partner signatory's rank"), max_length=80, blank=True)
    signatory_partner_title = models.CharField(_("partner signatory's title"), max_length=200, blank=True)
    # The signatories as people (their page lists what they signed); the names above stay for records without one.
    our_signatory_person = models.ForeignKey(
        Person,
        verbose_name=_("our signatory (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_signed_ours",
        limit_choices_to={"side": PersonSide.OURS},
    )
    partner_signatory_person = models.ForeignKey(
        Person,
        verbose_name=_("partner signatory (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_signed_partner",
        limit_choices_to={"side": PersonSide.PARTNER},
    )
    notes = models.TextField(_("notes"), blank=True)
    # The searched texts, folded, one per line: written by the database's triggers only (partnerships/search.py).
    search_text = models.TextField(_("search text"), default="", editable=False)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        # Newest first, drafts (not signed yet) at the top on every database: PostgreSQL puts NULLs first in a
        # descending order by itself, SQLite last.
        ordering = [F("signed_on").desc(nulls_first=True), "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            models.Index(fields=["command", "signed_on"], name="agreement_command_signed"),
            # The dashboard's "expiring within 90 days": a few hundred agreements by last day, not a scope's all.
            models.Index(fields=["valid_until", "id"], name="agreement_valid_until"),
            # The reports' agreements in force, signed, per pair (yearly summary, dashboard, border meetings): every
            # column they read, so that they scan this index (2 MB nationally) instead of the table (19 MB with
            # the titles and the search text). docs/PERFORMANCE.md, "Covering and partial indexes".
            models.Index(
                fields=[
                    "command",
                    "partner_unit",
                    "kind",
                    "signed_on",
                    "valid_from",
                    "valid_until",
                    "terminated_on",
                    "id",
                ],
                name="agreement_report",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(valid_from__isnull=False),
                name="%(app_label)s_%(class)s_signed_has_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | (Q(signed_on__isnull=False) & Q(terminated_on__gte=F("signed_on"))),
                name="%(app_label)s_%(class)s_termination_after_signing",
            ),
            models.CheckConstraint(condition=~Q(renews=F("pk")), name="%(app_label)s_%(class)s_not_renewing_itself"),
            # One signed document is one record: the same number, signed the same day, between the same command
            # and partner unit is a duplicate that would count twice (one ceremony's several pairs differ by pair).
            models.UniqueConstraint(
                fields=["command", "partner_unit", "reference", "signed_on"],
                condition=~Q(reference="") & Q(signed_on__isnull=False),
                name="%(app_label)s_%(class)s_one_record_per_document",
                violation_error_message=_(
                    "This agreement is already recorded: the same document number, signed on the same day, between "
                    "the same command and partner unit."
                ),
            ),
        ]

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{self.reference} – {label}" if self.reference else label

    def get_absolute_url(self):
        return reverse("agreement-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The dates as stored, for default_valid_from() (a deferred field reads as unknown).
        instance._stored_dates = (instance.__dict__.get("signed_on"), instance.__dict__.get("valid_from"))
        return instance

    def default_valid_from(self, signed_on, valid_from):
        """The first day in force for these dates: the signing date when none is given; and when the signing
        date is corrected while the first day in force was the former signing date (its default) and is not
        changed itself, the corrected signing date (it would otherwise count the agreement in force before
        it was signed). Every write path uses it: admin, API, imports, ``save()``."""
        if signed_on and not valid_from:
            return signed_on
        stored_signed_on, stored_valid_from = getattr(self, "_stored_dates", (None, None))
        defaulted = stored_signed_on is not None and stored_valid_from == stored_signed_on
        if defaulted and signed_on and signed_on != stored_signed_on and valid_from == stored_valid_from:
            return signed_on
        return valid_from

    def fill_derived_fields(self) -> None:
        """The values a write derives from the others. ``save()`` calls it, and so does the spreadsheet import,
        which writes many records at once without ``save()`` (``dnqp.spreadsheets.imports``)."""
        self.valid_from = self.default_valid_from(self.signed_on, self.valid_from)
        # A signatory given as a person and not by name: the name the lists and searches read.
        if self.our_signatory_person_id and not self.signatory_vn_name:
            self.signatory_vn_name = self.our_signatory_person.name
        if self.partner_signatory_person_id and not self.signatory_partner_name:
            self.signatory_partner_name = self.partner_signatory_person.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)
        self._stored_dates = (self.signed_on, self.valid_from)
        # A status annotated when the row was read (``with_status()``) describes the dates before this save.
        self.__dict__.pop("current_status", None)

    @property
    def status(self) -> str:
        """Status as of today, derived from the dates (never stored)."""
        annotated = getattr(self, "current_status", None)
        if annotated is not None:
            return annotated
        return self.status_on(timezone.localdate())

    def status_on(self, today: datetime.date) -> str:
        if not self.signed_on:
            return AgreementStatus.DRAFT
        if self.terminated_on and self.terminated_on < today:
            return AgreementStatus.TERMINATED
        if self.valid_until and self.valid_until < today:
            return AgreementStatus.EXPIRED
        if (self.valid_from or self.signed_on) > today:
            return AgreementStatus.PENDING
        return AgreementStatus.IN_FORCE

    def get_status_display(self) -> str:
        return AgreementStatus(self.status).label

    def outlived_command_on(self, today: datetime.date) -> bool:
        """True when the signing command was dissolved before ``today`` and the agreement is still in force (or yet
        to start) by its own dates: carried on by the command's successor."""
        last_day = self.command.valid_until if self.command_id else None
        if last_day is None or last_day >= today:
            return False
        return self.status_on(today) in (AgreementStatus.IN_FORCE, AgreementStatus.PENDING)

    @property
    def outlived_command(self) -> bool:
        return self.outlived_command_on(timezone.localdate())

    def clean(self):
        errors = {}
        if self.signed_on and not self.valid_from:
            self.valid_from = self.signed_on  # the documented default (docs/API.md); save() does the same
        valid_from = self.valid_from or self.signed_on
        if valid_from and self.valid_until and self.valid_until < valid_from:
            errors["valid_until"] = _("The last day in force cannot be before the first day in force.")
        if self.terminated_on and not self.signed_on:
            errors["terminated_on"] = _("A draft that was never signed cannot be terminated.")
        elif self.terminated_on and self.terminated_on < self.signed_on:
            errors["terminated_on"] = _("The termination date cannot be before the signing date.")
        if self.renews_id and self.pk and self.renews_id == self.pk:
            errors["renews"] = _("An agreement cannot renew itself.")
        if self.command_id and (refused := self.command.refusal_after_last_day(self.signed_on)):
            errors["command"] = refused
        errors.update(person_side_errors(self, our="our_signatory_person", partner="partner_signatory_person"))
        if errors:
            raise ValidationError(errors)


def person_side_errors(record, *, our: str | None = None, partner: str | None = None) -> dict:
    """The form errors of a record naming a person of the wrong side in ``our`` or ``partner`` (field names)."""
    errors = {}
    for field, side, message in (
        (our, PersonSide.OURS, _("Choose a person of our side.")),
        (partner, PersonSide.PARTNER, _("Choose a person of the partner side.")),
    ):
        if field and getattr(record, f"{field}_id") and getattr(record, field).side != side:
            errors[field] = message
    return errors
