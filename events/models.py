"""Delegations, joint activities and the support given to partners."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dnqp.core.money import ProductHalfUp, product_half_up
from dnqp.core.text import search_kept_text
from dnqp.core.versioning import VersionedModel
from events.choices import (
    CURRENCY_CHOICES,
    CURRENCY_CODES,
    ActivityKind,
    Category,
    Direction,
    EventStatus,
    FundingSource,
    PlanMetric,
    Purpose,
)
from partnerships.choices import COUNTRY_CHOICES, COUNTRY_CODES, PersonSide
from partnerships.models import Agreement, Command, PartnerUnit, Person, person_side_errors


def amount_in_vnd(amount_original: Decimal, exchange_rate: Decimal) -> int:
    """``original × rate`` in whole đồng, rounded half up (VND has no minor unit)."""
    return product_half_up(amount_original, exchange_rate)


class EventQuerySet(models.QuerySet):
    """Shared reads of delegations and activities."""

    def within(self, *commands):
        return self.filter(command__in=Command.objects.subtree(*commands).values("pk"))

    def counted(self):
        """Records that reports count: everything that was not cancelled."""
        return self.exclude(status=EventStatus.CANCELLED)

    def starting_in(self, start: datetime.date, end: datetime.date):
        return self.filter(start_date__gte=start, start_date__lte=end)

    def upcoming(self, today: datetime.date, days: int = 30):
        return self.filter(
            status=EventStatus.PLANNED, start_date__gte=today, start_date__lte=today + datetime.timedelta(days=days)
        )

    def overdue(self, today: datetime.date):
        """Planned records whose dates have passed: someone has to mark them completed or cancelled."""
        return self.filter(status=EventStatus.PLANNED, end_date__lt=today)


class DelegationQuerySet(EventQuerySet):
    def search(self, query):
        """Leader, leader's title, location, notes, the command and the partner units (events/search.py)."""
        return search_kept_text(self, query)

    def report_overdue(self, today: datetime.date):
        """Completed outbound trips whose report on the results was due before ``today`` and is not in."""
        return self.filter(
            direction=Direction.OUTBOUND,
            status=EventStatus.COMPLETED,
            report_due_on__lt=today,
            reported_on__isnull=True,
        )


class ActivityQuerySet(EventQuerySet):
    def search(self, query):
        """Title, location, notes, the command and the partner units (events/search.py)."""
        return search_kept_text(self, query)


class ExpenditureQuerySet(models.QuerySet):
    def within(self, *commands):
        return self.filter(command__in=Command.objects.subtree(*commands).values("pk"))

    def dated_in(self, start: datetime.date, end: datetime.date):
        return self.filter(date__gte=start, date__lte=end)

    def search(self, query):
        """Beneficiary, description, voucher, the command and the partner unit (events/search.py)."""
        return search_kept_text(self, query)


def _dates_ordered(prefix):
    return models.CheckConstraint(
        condition=Q(end_date__gte=F("start_date")), name="%(app_label)s_%(class)s_" + prefix + "_dates_ordered"
    )


class Delegation(VersionedModel):
    """People travelling between the sides (đoàn vào / đoàn ra)."""

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    command = models.ForeignKey(
        Command,
        verbose_name=_("command"),
        on_delete=models.PROTECT,
        related_name="delegations",
        help_text=_("Host or sender."),
    )
    partner_units = models.ManyToManyField(
        PartnerUnit,
        verbose_name=_("partner units"),
        through="DelegationPartner",
        blank=True,
        related_name="delegations",
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    leader_name = models.CharField(_("leader"), max_length=120, blank=True)
    leader_rank = models.CharField(_("leader's rank"), max_length=80, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=200, blank=True)
    # The leader as a person (their page lists the delegations they led); the name above stays for records without.
    leader_person = models.ForeignKey(
        Person,
        verbose_name=_("leader (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations_led",
    )
    member_count = models.PositiveIntegerField(_("members"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.COMPLETED)
    notes = models.TextField(_("notes"), blank=True)
    # An outbound trip: the decision sending it, and the report on its results due after return.
    approval_reference = models.CharField(_("decision number"), max_length=80, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    # The searched texts, folded, one per line: written by the database's triggers only (partnerships/search.py).
    search_text = models.TextField(_("search text"), default="", editable=False)

    objects = DelegationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        indexes = [
            models.Index(fields=["command", "start_date"], name="delegation_command_start"),
            # The dashboard's planned lists (upcoming, overdue): a few thousand planned rows among 300,000.
            models.Index(fields=["start_date", "id"], condition=Q(status="planned"), name="delegation_planned_start"),
            # The lists' and the admin's default order (newest first) and the admin's date hierarchy.
            models.Index(fields=["start_date", "id"], name="delegation_start_id"),
            # Trips whose report is still owed (the dashboard's reminders, the overdue-reports list): a handful among
            # 300,000 delegations, in the order of their due date.
            models.Index(
                fields=["report_due_on", "id"],
                condition=Q(
                    direction="outbound", status="completed", reported_on__isnull=True, report_due_on__isnull=False
                ),
                name="delegation_report_owed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="%(app_label)s_%(class)s_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="%(app_label)s_%(class)s_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(condition=Q(country__in=COUNTRY_CODES), name="%(app_label)s_%(class)s_country_iso"),
            models.CheckConstraint(
                condition=Q(member_count__gte=1), name="%(app_label)s_%(class)s_member_count_positive"
            ),
            _dates_ordered("delegation"),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(reported_on__gte=F("start_date")),
                name="%(app_label)s_%(class)s_reported_after_start",
            ),
        ]

    def __str__(self):
        who = self.leader_name or (self.command.name if self.command_id else "")
        when = f" ({self.start_date:%d/%m/%Y})" if self.start_date else ""
        return f"{self.get_direction_display()} – {who}{when}"

    def get_absolute_url(self):
        return reverse("delegation-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.member_count is not None and self.member_count < 1:
            errors["member_count"] = _("A delegation has at least one member.")
        if self.reported_on and self.start_date and self.reported_on < self.start_date:
            errors["reported_on"] = _("The report on the trip cannot be dated before the trip began.")
        if self.command_id and (refused := self.command.refusal_after_last_day(self.start_date)):
            errors["command"] = refused
        errors.update(person_side_errors(self, **{self.people_side_field(): "leader_person"}))
        if errors:
            raise ValidationError(errors)

    def report_overdue_on(self, today: datetime.date) -> bool:
        """The test of :meth:`DelegationQuerySet.report_overdue` on this one delegation."""
        return (
            self.direction == Direction.OUTBOUND
            and self.status == EventStatus.COMPLETED
            and self.report_due_on is not None
            and self.report_due_on < today
            and self.reported_on is None
        )

    def people_side_field(self) -> str:
        """Who travels: our side on an outbound trip, the partner side on an inbound one ("our" or "partner")."""
        return "our" if self.direction == Direction.OUTBOUND else "partner"

    def fill_derived_fields(self) -> None:
        """The values a write derives from the others. ``save()`` calls it, and so does the spreadsheet import,
        which writes many records at once without ``save()`` (``dnqp.spreadsheets.imports``)."""
        if self.leader_person_id and not self.leader_name:  # the name the lists and searches read
            self.leader_name = self.leader_person.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)


class DelegationMember(models.Model):
    """A member of a delegation by name, rank and title, linked to a person when there is one."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(
        _("full name"), max_length=120, blank=True, help_text=_("Taken from the person when left empty.")
    )
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    title = models.CharField(pgettext_lazy("post", "title"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("member of a delegation")
        verbose_name_plural = _("members of the delegation")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="%(app_label)s_%(class)s_name_not_empty")]

    def __str__(self):
        return " ".join(part for part in (self.rank, self.name) if part)

    def get_absolute_url(self):
        return self.delegation.get_absolute_url()

    def clean(self):
        self.name = (self.name or "").strip()
        if not self.name and self.person_id:
            self.name = self.person.name
        errors = {}
        if not self.name:
            errors["name"] = _("Give the member's name.")
        delegation = self._state.fields_cache.get("delegation") if not self.delegation_id else self.delegation
        if delegation is not None and self.person_id:
            side = PersonSide.OURS if delegation.people_side_field() == "our" else PersonSide.PARTNER
            if self.person.side != side:
                errors["person"] = person_side_errors(self, **{delegation.people_side_field(): "person"})["person"]
        if errors:
            raise ValidationError(errors)


class DelegationPartner(models.Model):
    """A partner unit that took part in a delegation."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, verbose_name=_("delegation"))
    partner_unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, verbose_name=_("partner unit"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner unit of a delegation")
        verbose_name_plural = _("partner units of the delegation")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "partner_unit"], name="%(app_label)s_%(class)s_unique_pair")
        ]

    def __str__(self):
        return str(self.partner_unit)

    def get_absolute_url(self):
        return self.delegation.get_absolute_url()


class Activity(VersionedModel):
    """A joint activity that is not itself a trip: border meetings, exchanges, exercises, medical aid."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    command = models.ForeignKey(Command, verbose_name=_("command"), on_delete=models.PROTECT, related_name="activities")
    partner_units = models.ManyToManyField(
        PartnerUnit, verbose_name=_("partner units"), through="ActivityPartner", blank=True, related_name="activities"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.COMPLETED)
    notes = models.TextField(_("notes"), blank=True)
    remains_found = models.PositiveIntegerField(
        _("remains found"), null=True, blank=True, help_text=_("Remains search only: sets of remains found.")
    )
    remains_repatriated = models.PositiveIntegerField(
        _("remains repatriated"), null=True, blank=True, help_text=_("Remains search only: sets handed over home.")
    )
    # The searched texts, folded, one per line: written by the database's triggers only (partnerships/search.py).
    search_text = models.TextField(_("search text"), default="", editable=False)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["command", "start_date"], name="activity_command_start"),
            models.Index(fields=["start_date", "id"], condition=Q(status="planned"), name="activity_planned_start"),
            models.Index(fields=["start_date", "id"], name="activity_start_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(participant_count__isnull=True) | Q(participant_count__gte=1),
                name="%(app_label)s_%(class)s_participants_positive",
            ),
            _dates_ordered("activity"),
            models.CheckConstraint(
                condition=Q(kind=ActivityKind.REMAINS_SEARCH)
                | Q(remains_found__isnull=True, remains_repatriated__isnull=True),
                name="%(app_label)s_%(class)s_remains_only_on_remains_search",
            ),
            models.CheckConstraint(
                condition=Q(remains_found__isnull=True) | Q(remains_found__gte=0),
                name="%(app_label)s_%(class)s_remains_found_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(remains_repatriated__isnull=True) | Q(remains_repatriated__gte=0),
                name="%(app_label)s_%(class)s_remains_repatriated_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d/%m/%Y})" if self.start_date else self.title

    def get_absolute_url(self):
        return reverse("activity-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.participant_count is not None and self.participant_count < 1:
            errors["participant_count"] = _("The number of participants must be at least 1.")
        if self.kind != ActivityKind.REMAINS_SEARCH:
            for field in ("remains_found", "remains_repatriated"):
                if getattr(self, field) is not None:
                    errors[field] = _("Only a remains search records remains found and repatriated.")
        if self.command_id and (refused := self.command.refusal_after_last_day(self.start_date)):
            errors["command"] = refused
        if errors:
            raise ValidationError(errors)


class ActivityPartner(models.Model):
    """A partner unit that took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, verbose_name=_("activity"))
    partner_unit = models.ForeignKey(PartnerUnit, on_delete=models.PROTECT, verbose_name=_("partner unit"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner unit of an activity")
        verbose_name_plural = _("partner units of the activity")
        constraints = [
            models.UniqueConstraint(fields=["activity", "partner_unit"], name="%(app_label)s_%(class)s_unique_pair")
        ]

    def __str__(self):
        return str(self.partner_unit)

    def get_absolute_url(self):
        return self.activity.get_absolute_url()


class Expenditure(VersionedModel):
    """Support given to the partner side (chi hỗ trợ)."""

    date = models.DateField(_("date"))
    command = models.ForeignKey(
        Command,
        verbose_name=_("command"),
        on_delete=models.PROTECT,
        related_name="expenditures",
        help_text=_("Who gives."),
    )
    partner_unit = models.ForeignKey(
        PartnerUnit,
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    beneficiary = models.CharField(_("beneficiary"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount_vnd = models.BigIntegerField(
        _("amount (VND)"), blank=True, help_text=_("Whole đồng. Computed for foreign-currency support.")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True, null=True)
    amount_original = models.DecimalField(
        _("amount in that currency"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    exchange_rate = models.DecimalField(
        _("exchange rate (VND per unit)"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    voucher = models.CharField(_("voucher number"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The searched texts, folded, one per line: written by the database's triggers only (partnerships/search.py).
    search_text = models.TextField(_("search text"), default="", editable=False)

    objects = ExpenditureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("support")
        verbose_name_plural = _("support")
        indexes = [
            models.Index(fields=["command", "date"], name="expenditure_command_date"),
            models.Index(fields=["date", "id"], name="expenditure_date_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="%(app_label)s_%(class)s_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(funding_source__in=FundingSource.values),
                name="%(app_label)s_%(class)s_funding_source_valid",
            ),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="%(app_label)s_%(class)s_amount_positive"),
            models.CheckConstraint(
                condition=(Q(currency__isnull=True) & Q(amount_original__isnull=True) & Q(exchange_rate__isnull=True))
                | (
                    # explicit NOT NULLs: a NULL would make the whole branch unknown, which a CHECK accepts
                    Q(currency__isnull=False, amount_original__isnull=False, exchange_rate__isnull=False)
                    & Q(currency__in=CURRENCY_CODES)
                    & Q(amount_original__gt=0)
                    & Q(exchange_rate__gt=0)
                    & Q(amount_vnd=ProductHalfUp(F("amount_original"), F("exchange_rate")))
                ),
                name="%(app_label)s_%(class)s_foreign_currency_consistent",
            ),
        ]

    def __str__(self):
        amount = f"{self.amount_vnd:,}".replace(",", ".") if self.amount_vnd is not None else "–"
        when = f"{self.date:%d/%m/%Y}" if self.date else "–"
        return f"{when} – {self.get_category_display()} – {amount} ₫"

    def get_absolute_url(self):
        return reverse("expenditure-detail", args=[self.pk])

    @property
    def is_foreign_currency(self) -> bool:
        return bool(self.currency)

    def compute_amount_vnd(self) -> None:
        """Fill ``amount_vnd`` from the original amount and rate, when the support was paid in another currency."""
        if self.currency and self.amount_original is not None and self.exchange_rate is not None:
            self.amount_vnd = amount_in_vnd(self.amount_original, self.exchange_rate)

    def clean(self):
        errors = {}
        foreign = [self.currency, self.amount_original, self.exchange_rate]
        if any(v not in (None, "") for v in foreign):
            if not self.currency:
                errors["currency"] = _("Give the currency the support was paid in.")
            if self.amount_original is None:
                errors["amount_original"] = _("Give the amount in the original currency.")
            elif self.amount_original <= 0:
                errors["amount_original"] = _("The amount must be greater than zero.")
            if self.exchange_rate is None:
                errors["exchange_rate"] = _("Give the exchange rate (đồng per unit of the currency).")
            elif self.exchange_rate <= 0:
                errors["exchange_rate"] = _("The exchange rate must be greater than zero.")
            if not errors:
                expected = amount_in_vnd(self.amount_original, self.exchange_rate)
                if self.amount_vnd not in (None, expected):
                    errors["amount_vnd"] = _(
                        "The amount in đồng must equal the original amount × the rate, rounded: %(expected)s."
                    ) % {"expected": f"{expected:,}".replace(",", ".")}
                else:
                    self.amount_vnd = expected
        elif self.amount_vnd is None:
            errors["amount_vnd"] = _("Give the amount in đồng.")
        if self.amount_vnd is not None and self.amount_vnd <= 0 and "amount_vnd" not in errors:
            errors["amount_vnd"] = _("The amount must be greater than zero.")
        if self.command_id and (refused := self.command.refusal_after_last_day(self.date)):
            errors["command"] = refused
        if errors:
            raise ValidationError(errors)

    def fill_derived_fields(self) -> None:
        """The values a write derives from the others. ``save()`` calls it, and so does the spreadsheet import,
        which writes many records at once without ``save()`` (``dnqp.spreadsheets.imports``)."""
        if self.currency == "":
            self.currency = None
        if self.amount_vnd is None:
            self.compute_amount_vnd()

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)


class Summary(models.Model):
    """The reports' figures per command and year, for the command's whole subtree (the command and every command
    under it): counted delegations per direction, status and purpose (and completed ones per month), counted
    activities per status with the remains of completed searches, support per category and funding source.

    Kept by database triggers on delegations, activities, support and the table of scopes (``events/summary.py``):
    every write, through the admin, the API, an import, ``QuerySet.update()`` or plain SQL, and every move of a
    command in the tree, adjusts it in the same transaction. The yearly report and the dashboard read it for
    whole years (a few hundred rows for a region or the whole country instead of every record). Derived data:
    never edited, left out of backups, rebuilt by ``seed_scale``, ``restore`` and ``rebuild_summary``.
    """

    command = models.ForeignKey(
        Command,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the unique key starts with the command
        related_name="+",
        verbose_name=_("command"),
    )
    source = models.CharField(_("records"), max_length=10)  # delegation, activity, support
    month = models.PositiveSmallIntegerField(_("month"), default=0)  # 0: the whole year
    year = models.PositiveSmallIntegerField(_("year"))
    direction = models.CharField(_("direction"), max_length=10, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, blank=True, default="")
    purpose = models.CharField(_("purpose"), max_length=20, blank=True, default="")
    category = models.CharField(_("category"), max_length=20, blank=True, default="")
    funding_source = models.CharField(_("funding source"), max_length=20, blank=True, default="")
    n = models.BigIntegerField(default=0)
    members = models.BigIntegerField(default=0)
    vnd = models.BigIntegerField(default=0)
    remains_found = models.BigIntegerField(default=0)
    remains_repatriated = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("summary row")
        verbose_name_plural = _("summary rows")
        constraints = [
            # The triggers' ON CONFLICT target; the reports read it by command, source, month and years.
            models.UniqueConstraint(
                fields=[
                    "command",
                    "source",
                    "month",
                    "year",
                    "direction",
                    "status",
                    "purpose",
                    "category",
                    "funding_source",
                ],
                name="summary_key",
            )
        ]

    def __str__(self):
        return f"{self.command_id} {self.source} {self.year}-{self.month:02d}"


class PairSummary(models.Model):
    """A count per command and partner unit (and date), kept by database triggers (``events/summary.py``): no
    foreign key checks or indexes of its own, the unique key of each table serves its reads."""

    command = models.ForeignKey(
        Command,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("command"),
    )
    partner_unit = models.ForeignKey(
        PartnerUnit,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("partner unit"),
    )
    n = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class MeetingSummary(PairSummary):
    """Border meetings held per command, partner unit, year and month: activities of the kind ``border_meeting``
    that are not cancelled, once per partner unit taking part. Kept by database triggers on activities and their
    partner links (``events/summary.py``); a row exists only while its count is above zero. The border-meetings
    report reads a year's rows instead of joining a year's meetings to their partner units. Derived data, like
    :class:`Summary`."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))

    class Meta:
        verbose_name = _("border meetings of a month")
        verbose_name_plural = _("border meetings per month")
        constraints = [
            # The triggers' ON CONFLICT target; the report reads a year's rows.
            models.UniqueConstraint(fields=["year", "command", "partner_unit", "month"], name="meetingsummary_key")
        ]

    def __str__(self):
        return f"{self.command_id} {self.partner_unit_id} {self.year}-{self.month:02d}"


class ContactSummary(PairSummary):
    """Completed delegations and activities per command, partner unit, start day and source: one per partner unit
    listed on the event. Kept by database triggers on the events and their partner links (``events/summary.py``);
    a row exists only while its count is above zero. The reminders find a twinned pair's last work together
    with one probe of its unique key instead of joining the pair's events to their partner links. Derived
    data, like :class:`Summary`."""

    start_date = models.DateField(_("start date"))
    source = models.CharField(max_length=10)  # "delegation" or "activity"

    class Meta:
        verbose_name = _("work done together on a day")
        verbose_name_plural = _("work done together per day")
        constraints = [
            # The triggers' ON CONFLICT target, and the reminders' probe: a pair's days in order.
            models.UniqueConstraint(
                fields=["command", "partner_unit", "start_date", "source"], name="contactsummary_key"
            )
        ]

    def __str__(self):
        return f"{self.command_id} {self.partner_unit_id} {self.start_date} {self.source}"


class AnnualPlan(VersionedModel):
    """A command's approved annual plan of defence foreign affairs (kế hoạch đối ngoại quốc phòng năm):
    the targets the year's results are reported against. Only an approved plan (``approved_on``) counts."""

    command = models.ForeignKey(Command, verbose_name=_("command"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    reference = models.CharField(_("number and symbol"), max_length=80, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, help_text=_("Empty while a draft."))
    approved_by = models.CharField(
        _("approved by"), max_length=255, blank=True, help_text=_("The approving authority.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "command__sort_order", "command__code"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(fields=["command", "year"], name="%(app_label)s_%(class)s_one_per_command_year"),
            models.CheckConstraint(condition=Q(year__gte=1975, year__lte=2100), name="%(app_label)s_%(class)s_year"),
        ]

    def __str__(self):
        return _("Plan %(year)s – %(command)s") % {"year": self.year, "command": self.command.name}

    def get_absolute_url(self):
        return reverse("admin:events_annualplan_change", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None

    def clean(self):
        if self.approved_on and self.year and self.approved_on.year > self.year:
            raise ValidationError({"approved_on": _("A plan is approved before or during its year.")})


class PlanTarget(models.Model):
    """One target of an annual plan: a count (or đồng) for one of the report's metrics, optionally narrowed to
    an activity kind or a partner unit."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("figure"), max_length=30, choices=PlanMetric.choices)
    activity_kind = models.CharField(
        _("activity kind"), max_length=20, choices=ActivityKind.choices, blank=True, help_text=_("Activities only.")
    )
    partner_unit = models.ForeignKey(
        PartnerUnit, verbose_name=_("partner unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.PositiveBigIntegerField(_("target"), help_text=_("A count, or đồng for support."))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(condition=Q(metric__in=PlanMetric.values), name="%(app_label)s_%(class)s_metric"),
            models.CheckConstraint(condition=Q(target__gte=1), name="%(app_label)s_%(class)s_target_positive"),
            models.CheckConstraint(
                condition=Q(activity_kind="") | Q(metric=PlanMetric.ACTIVITIES, activity_kind__in=ActivityKind.values),
                name="%(app_label)s_%(class)s_kind_only_for_activities",
            ),
            # One target per (figure, kind, partner unit) in a plan; a missing partner unit counts as one value.
            models.UniqueConstraint(
                fields=["plan", "metric", "activity_kind", "partner_unit"],
                name="%(app_label)s_%(class)s_unique_with_partner",
            ),
            models.UniqueConstraint(
                fields=["plan", "metric", "activity_kind"],
                condition=Q(partner_unit__isnull=True),
                name="%(app_label)s_%(class)s_unique_without_partner",
            ),
        ]

    def __str__(self):
        return f"{self.get_metric_display()}: {self.target}"

    def clean(self):
        errors = {}
        if self.activity_kind and self.metric != PlanMetric.ACTIVITIES:
            errors["activity_kind"] = _("An activity kind narrows only a target for activities.")
        if self.target is not None and self.target < 1:
            errors["target"] = _("A target is a positive number.")
        if errors:
            raise ValidationError(errors)
