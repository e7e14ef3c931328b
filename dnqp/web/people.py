"""The pages of people: the list (``/persons/``), a person's page, and the leaders shown on the units' profiles.

People are scoped by :func:`dnqp.access.scoping.scope_persons` (another organisation's officer is a 404), their
positions by :func:`dnqp.access.scoping.scope_positions`, and the agreements and delegations a page lists by
:func:`dnqp.access.scoping.scope_records`, like every record.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dnqp.access import scoping
from dnqp.lists.people_filters import PersonFilterSet
from dnqp.spreadsheets import columns
from dnqp.web.lists import ScopedListView
from dnqp.web.views import PROFILE_LIMIT, agreement_rows, event_rows, limited
from events.models import Delegation, DelegationMember
from partnerships.models import Agreement, Person, Position


class PersonList(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    columns = columns.PERSON_COLUMNS
    export_name = "people"
    title = _("People")
    template_name = "pages/person_list.html"
    scoped = False  # scoped by scope_persons() below, not through a command
    command_filters = ("command",)
    scoped_command_filters = ("command",)
    date_filters = ("on",)
    add_url_name = "admin:partnerships_person_add"

    def base_queryset(self):
        return Person.objects.all()

    def get_queryset(self):
        return scoping.scope_persons(self.request.user, self.base_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The posts of the people on this page, in one query: those the user may see, newest first.
        people = list(context["object_list"])
        positions = scoping.scope_positions(
            self.request.user, Position.objects.filter(person__in=people).select_related("command", "partner_unit")
        )
        by_person = {}
        for position in positions.order_by("-valid_from", "id"):
            by_person.setdefault(position.person_id, []).append(position)
        for person in people:
            person.shown_positions = by_person.get(person.pk, [])
        context["object_list"] = people
        return context


class PersonDetail(LoginRequiredMixin, TemplateView):
    """A person: their posts over time, the agreements they signed and the delegations they led or joined."""

    template_name = "pages/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = get_object_or_404(scoping.scope_persons(user, Person.objects.all()), pk=self.kwargs["pk"])
        today = timezone.localdate()
        positions = list(
            scoping.scope_positions(user, person.positions.select_related("command", "partner_unit")).order_by(
                "-valid_from", "id"
            )
        )
        signed = Agreement.objects.filter(Q(our_signatory_person=person) | Q(partner_signatory_person=person))
        led = Delegation.objects.filter(leader_person=person)
        joined = Delegation.objects.filter(
            pk__in=DelegationMember.objects.filter(person=person).values("delegation_id")
        ).exclude(leader_person=person)
        sections = {}
        for key, queryset in (
            ("agreements", agreement_rows(signed)),
            ("led", event_rows(led)),
            ("joined", event_rows(joined)),
        ):
            rows, more = limited(scoping.scope_records(user, queryset))
            sections[key] = {"rows": rows, "more": more}
        context.update(
            object=person,
            title=str(person),
            positions=[(position, position.held_on(today)) for position in positions],
            sections=sections,
            limit=PROFILE_LIMIT,
            can_change=scoping.can_write(user, Person),
        )
        return context
