"""Record pages: the lists, the detail pages, and the profiles of a command and of a partner unit.

Every record queryset goes through ``dnqp.access.scoping``: a record of another scope is a 404, never a 403
that would confirm it exists. Units are reference data any logged-in user may read, but the records
shown on their profiles are scoped like everywhere else.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dnqp.access import scoping
from dnqp.lists.event_filters import ActivityFilterSet, DelegationFilterSet, ExpenditureFilterSet
from dnqp.lists.unit_filters import AgreementFilterSet, CommandFilterSet, PartnerUnitFilterSet
from dnqp.models import Attachment
from dnqp.spreadsheets import columns
from dnqp.web.leaders import unit_leaders
from dnqp.web.lists import ScopedListView
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit, Person

# Records per section of a profile page; a "see all" link leads to the filtered list beyond that.
PROFILE_LIMIT = 100


def partner_prefetch():
    return Prefetch("partner_units", queryset=PartnerUnit.objects.order_by("code"))


# A record as its pages show it, on its list, on its detail page and in the tables of the records it belongs
# to: joined and prefetched the same way everywhere.


def agreement_rows(queryset):
    return queryset.select_related("command", "partner_unit").with_status()


def event_rows(queryset):
    """Delegations or activities, with their partner units in code order."""
    return queryset.select_related("command").prefetch_related(partner_prefetch())


def expenditure_rows(queryset):
    return queryset.select_related("command", "partner_unit")


def visible_people(user, ids) -> dict:
    """The people among ``ids`` that ``user`` may see, by id (one query; none when no id is given)."""
    ids = {pk for pk in ids if pk}
    if not ids:
        return {}
    return {person.pk: person for person in scoping.scope_persons(user, Person.objects.filter(pk__in=ids))}


# --- lists ----------------------------------------------------------------------------------


class AgreementList(ScopedListView):
    model = Agreement
    filterset_class = AgreementFilterSet
    columns = columns.AGREEMENT_COLUMNS
    export_name = "agreements"
    title = _("Agreements")
    template_name = "pages/agreement_list.html"
    date_filters = ("in_force_on", "signed_after", "signed_before")
    add_url_name = "admin:partnerships_agreement_add"

    def base_queryset(self):
        return agreement_rows(Agreement.objects)


class DelegationList(ScopedListView):
    model = Delegation
    filterset_class = DelegationFilterSet
    columns = columns.DELEGATION_COLUMNS
    export_name = "delegations"
    title = _("Delegations")
    template_name = "pages/delegation_list.html"
    date_filters = ("start_after", "start_before")
    add_url_name = "admin:events_delegation_add"

    def base_queryset(self):
        return event_rows(Delegation.objects)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The link to the outbound trips whose report is overdue, with their number (one count query).
        overdue = scoping.scope_records(self.request.user, Delegation.objects.all())
        context["report_overdue_count"] = overdue.report_overdue(timezone.localdate()).count()
        context["report_overdue_shown"] = self.request.GET.get("report") == "overdue"
        return context


class ActivityList(ScopedListView):
    model = Activity
    filterset_class = ActivityFilterSet
    columns = columns.ACTIVITY_COLUMNS
    export_name = "activities"
    title = _("Activities")
    template_name = "pages/activity_list.html"
    date_filters = ("start_after", "start_before")
    add_url_name = "admin:events_activity_add"

    def base_queryset(self):
        return event_rows(Activity.objects)


class ExpenditureList(ScopedListView):
    model = Expenditure
    filterset_class = ExpenditureFilterSet
    columns = columns.EXPENDITURE_COLUMNS
    export_name = "support"
    title = _("Support")
    template_name = "pages/expenditure_list.html"
    date_filters = ("date_after", "date_before")
    hidden_filters = ("ordering", "agreement", "delegation", "activity")
    add_url_name = "admin:events_expenditure_add"

    def base_queryset(self):
        return expenditure_rows(Expenditure.objects)

    def export_options(self, file_format):
        options = super().export_options(file_format)
        if file_format == "xlsx":
            options["money_columns"] = [i for i, c in enumerate(self.columns) if c.path == "amount_vnd"]
        return options


class CommandList(ScopedListView):
    model = Command
    filterset_class = CommandFilterSet
    columns = columns.COMMAND_COLUMNS
    export_name = "commands"
    title = _("Commands")
    template_name = "pages/command_list.html"
    scoped = False  # units are reference data
    hidden_filters = ("ordering", "parent")
    add_url_name = "admin:partnerships_command_add"

    def base_queryset(self):
        return Command.objects.select_related("parent", "successor")


class PartnerUnitList(ScopedListView):
    model = PartnerUnit
    filterset_class = PartnerUnitFilterSet
    columns = columns.PARTNER_UNIT_COLUMNS
    export_name = "partner-units"
    title = _("Partner units")
    template_name = "pages/partner_unit_list.html"
    scoped = False
    # Partner units with an agreement of a command (the dashboard's links set it): agreements are scoped, so
    # only a command of the user's scope; kept out of the form (no select of commands on this list).
    hidden_filters = ("ordering", "parent", "agreement_command")
    command_filters = ("agreement_command",)
    scoped_command_filters = ("agreement_command",)
    add_url_name = "admin:partnerships_partnerunit_add"

    def base_queryset(self):
        return PartnerUnit.objects.select_related("parent")


# --- details --------------------------------------------------------------------------------


def attachments_of(user, obj):
    """The documents attached to ``obj`` that ``user`` may download."""
    queryset = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    return scoping.scope_attachments(user, queryset)


class RecordDetail(LoginRequiredMixin, TemplateView):
    """One record of the user's scope (404 otherwise) with its related records, themselves scoped."""

    model = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_object(self):
        queryset = scoping.scope_records(self.request.user, self.base_queryset())
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def scoped(self, queryset):
        return scoping.scope_records(self.request.user, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(object=obj, attachments=attachments_of(self.request.user, obj), title=str(obj))
        context.update(self.related(obj))
        return context

    def related(self, obj) -> dict:
        return {}


class AgreementDetail(RecordDetail):
    model = Agreement
    template_name = "pages/agreement_detail.html"

    def base_queryset(self):
        return agreement_rows(Agreement.objects)

    def related(self, obj):
        agreements = agreement_rows(Agreement.objects)
        people = visible_people(self.request.user, [obj.our_signatory_person_id, obj.partner_signatory_person_id])
        return {
            "renews": self.scoped(agreements.filter(pk=obj.renews_id)).first() if obj.renews_id else None,
            "renewals": self.scoped(agreements.filter(renews=obj)),
            "delegations": self.scoped(event_rows(obj.delegations)),
            "expenditures": self.scoped(expenditure_rows(obj.expenditures)),
            "our_signatory": people.get(obj.our_signatory_person_id),
            "partner_signatory": people.get(obj.partner_signatory_person_id),
        }


class DelegationDetail(RecordDetail):
    model = Delegation
    template_name = "pages/delegation_detail.html"

    def base_queryset(self):
        return event_rows(Delegation.objects)

    def related(self, obj):
        agreement = None
        if obj.agreement_id:
            agreement = self.scoped(Agreement.objects.filter(pk=obj.agreement_id).with_status()).first()
        members = list(obj.members.all())
        people = visible_people(self.request.user, [obj.leader_person_id, *(m.person_id for m in members)])
        return {
            "agreement": agreement,
            "expenditures": self.scoped(expenditure_rows(obj.expenditures)),
            "leader_person": people.get(obj.leader_person_id),
            "members": members,
            "visible_member_ids": set(people),
            "report_overdue": obj.report_overdue_on(timezone.localdate()),
        }


class ActivityDetail(RecordDetail):
    model = Activity
    template_name = "pages/activity_detail.html"

    def base_queryset(self):
        return event_rows(Activity.objects)

    def related(self, obj):
        return {"expenditures": self.scoped(expenditure_rows(obj.expenditures))}


class ExpenditureDetail(RecordDetail):
    model = Expenditure
    template_name = "pages/expenditure_detail.html"

    def base_queryset(self):
        return expenditure_rows(Expenditure.objects)

    def related(self, obj):
        def linked(model, pk):
            return self.scoped(model.objects.filter(pk=pk)).first() if pk else None

        return {
            "agreement": linked(Agreement, obj.agreement_id),
            "delegation": linked(Delegation, obj.delegation_id),
            "activity": linked(Activity, obj.activity_id),
        }


# --- profiles -------------------------------------------------------------------------------


def limited(queryset):
    """At most PROFILE_LIMIT rows and whether there are more, in one query (fetches one row extra)."""
    rows = list(queryset[: PROFILE_LIMIT + 1])
    return rows[:PROFILE_LIMIT], len(rows) > PROFILE_LIMIT


class UnitProfile(LoginRequiredMixin, TemplateView):
    """A unit and all the records of the user's scope that involve it, newest first."""

    model = None
    list_filter = ""  # the list filter that shows all the unit's records

    def unit_records(self, unit) -> dict:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = get_object_or_404(self.model.objects.select_related("parent"), pk=self.kwargs["pk"])
        user = self.request.user
        sections = {}
        for key, queryset in self.unit_records(unit).items():
            rows, more = limited(scoping.scope_records(user, queryset))
            sections[key] = {"rows": rows, "more": more}
        context.update(
            object=unit,
            title=str(unit),
            sections=sections,
            limit=PROFILE_LIMIT,
            list_filter=f"{self.list_filter}={unit.pk}",
            leaders=unit_leaders(user, unit),
        )
        return context


class CommandProfile(UnitProfile):
    model = Command
    template_name = "pages/command_detail.html"
    list_filter = "command"

    def unit_records(self, unit):
        return {
            "agreements": Agreement.objects.filter(command=unit).select_related("partner_unit").with_status(),
            "delegations": Delegation.objects.filter(command=unit).prefetch_related(partner_prefetch()),
            "activities": Activity.objects.filter(command=unit).prefetch_related(partner_prefetch()),
            "expenditures": Expenditure.objects.filter(command=unit).select_related("partner_unit"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = context["object"]
        context.update(
            successor=unit.successor,
            children=list(unit.children.order_by("sort_order", "code")),
            predecessors=list(unit.predecessors.order_by("sort_order", "code")),
            in_scope=scoping.command_in_scope(self.request.user, unit),
        )
        return context


class PartnerUnitProfile(UnitProfile):
    model = PartnerUnit
    template_name = "pages/partner_unit_detail.html"
    list_filter = "partner_unit"

    def unit_records(self, unit):
        return {
            "agreements": Agreement.objects.filter(partner_unit=unit).select_related("command").with_status(),
            "delegations": Delegation.objects.filter(
                pk__in=Delegation.partner_units.through.objects.filter(partner_unit=unit).values("delegation")
            )
            .select_related("command")
            .prefetch_related(partner_prefetch()),
            "activities": Activity.objects.filter(
                pk__in=Activity.partner_units.through.objects.filter(partner_unit=unit).values("activity")
            )
            .select_related("command")
            .prefetch_related(partner_prefetch()),
            "expenditures": Expenditure.objects.filter(partner_unit=unit).select_related("command"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = list(context["object"].children.order_by("code"))
        return context
