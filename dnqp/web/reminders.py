"""The reminders page (``/reminders/``) and the dashboard's reminders panel (``/reminders/panel/``, which the dashboard
loads after its figures): what falls due in the user's scope (:mod:`dnqp.reports.reminders`), each reminder
linking to the record to fix."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dnqp.access import scoping
from dnqp.reports import reminders

# The dashboard's panel shows this many reminders of each kind; the page shows them all (up to the limit).
PANEL_ITEMS = 3

# Per kind: what the reminder means and how to clear it, and the heading of its date column.
HELP = {
    "agreements_ending": _(
        "In force today, with a last day within 90 days, and no later agreement of the same command, partner unit "
        "and kind (nor one renewing it) signed. Record the renewal once it is signed: the reminder then goes."
    ),
    "plans_missing": _(
        "A command's plan for a year is due by 1 December of the year before. The reminder goes when the plan is "
        "approved: enter its approval date in Annual plans."
    ),
    "twinned_idle": _(
        "Twinned for at least a year, with no completed delegation or activity of the command with that partner "
        "unit in the last 12 months."
    ),
    "reports_overdue": _(
        "The report on the trip's results was due: enter the day it was filed (reported on) on the delegation."
    ),
    "events_unclosed": _("Mark each one completed or cancelled in the admin so the reports count it correctly."),
}
DATE_LABELS = {
    "agreements_ending": _("Last day"),
    "plans_missing": _("Due by"),
    "twinned_idle": _("Last done together"),
    "reports_overdue": _("Report due on"),
    "events_unclosed": _("End date"),
}


def user_reminders(user) -> dict | None:
    """The reminders of ``user``'s scope with their links for ``user``; None for a user without a scope."""
    if scoping.scope_root_id(user) is None:
        return None
    return reminders.for_user(reminders.reminders(user=user), user)


def sections(data: dict, items: int | None = None) -> list[dict]:
    """The kinds for a template, in order: ``key``, ``heading``, ``items`` (the first ``items`` if given),
    ``count`` (how many are listed on the page), ``more`` (more than the page's limit)."""
    return [
        {
            "key": key,
            "heading": section["heading"],
            "help": HELP[key],
            "date_label": DATE_LABELS[key],
            "items": section["items"][:items] if items is not None else section["items"],
            "count": len(section["items"]),
            "more": section["more"],
        }
        for key, section in data.items()
    ]


def dashboard_panel(user) -> dict | None:
    """What the dashboard's panel shows: the kinds with reminders, the first few of each (no query beyond
    :func:`dnqp.reports.reminders.reminders`'s)."""
    data = user_reminders(user)
    if data is None:
        return None
    return {
        "sections": [s for s in sections(data, PANEL_ITEMS) if s["count"]],
        "total": reminders.total(data),
        "limit": reminders.LIMIT,
    }


class RemindersPanelView(LoginRequiredMixin, TemplateView):
    """The dashboard's panel alone, an HTML fragment: the dashboard shows its figures at once and fetches the panel
    (``static/js/panel.js``); without scripts it links to the reminders page. Empty for a user without a
    scope."""

    template_name = "pages/_reminders_panel.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, reminders=dashboard_panel(self.request.user))


class RemindersView(LoginRequiredMixin, TemplateView):
    template_name = "pages/reminders.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs, title=_("Reminders"))
        data = user_reminders(self.request.user)
        if data is None:
            context["no_scope"] = True  # no command and no administrator role: explain instead of a bare page
            return context
        context.update(
            sections=sections(data),
            total=reminders.total(data),
            today=timezone.localdate(),
            limit=reminders.LIMIT,
        )
        return context
