"""The one list page: a scoped queryset, the model's shared FilterSet, sorting, pagination and exports.

Each list (agreements, delegations, activities, support, commands, partner units) is a subclass that
names its queryset, FilterSet, columns and template. Exports (``?format=csv|xlsx``) write exactly the
rows the page shows across all its pages, through the shared writer in ``dnqp.spreadsheets.exports``, and are logged.
"""

import html

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.forms.utils import flatatt
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters.widgets import BaseCSVWidget

from dnqp.access import scoping
from dnqp.spreadsheets import exports
from dnqp.spreadsheets.columns import export_rows, export_values
from partnerships.models import Command, PartnerUnit

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_CHUNK = 2000

# Query-string keys that are not filters.
NON_FILTER_KEYS = ("page", "format")

UNKNOWN_FILTERS = _("This list has no filter named %(names)s. Its filters are: %(known)s.")
COMMAND_NOT_IN_SCOPE = _("No command with this number in your scope: choose one from the list.")
NO_SUCH_PARTNER_UNIT = _("No partner unit has this number: choose one from the list.")


class UnitSelect(forms.Select):
    """A ``<select>`` whose options are joined in Python, not rendered one template each.

    A scope or unit picker lists hundreds to thousands of commands; Django's per-option templates made
    that one field cost more than the rest of the dashboard (docs/PERFORMANCE.md). Same HTML otherwise.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        # What format_html('<option value="{}"{}>{}</option>', ...) gives, without its per-call overhead
        # (a third of the time of a 500-option select): each value and label through conditional_escape.
        options = "".join(
            f'<option value="{_escape(v)}"{" selected" if str(v) in selected else ""}>{_escape(label)}</option>'
            for v, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), mark_safe(options)
        )


class HiddenCSVInput(BaseCSVWidget, forms.HiddenInput):
    """A hidden input for a comma-separated filter value (``?ordering=-start_date,command``)."""

    surrogate = forms.HiddenInput


def _escape(text) -> str:
    """``conditional_escape(text)`` as a plain string: safe strings as they are, anything else escaped."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def unit_choices(queryset, empty_label) -> list[tuple]:
    """Choices of a unit select, one query: "CODE – name"."""
    return [("", empty_label)] + [(str(pk), f"{code} – {name}") for pk, code, name in queryset]


class ScopedListView(LoginRequiredMixin, TemplateView):
    """A filtered, sorted, paginated list of one model, restricted to what the user may see."""

    model = None
    filterset_class = None
    columns = None  # dnqp.spreadsheets.columns spec of the export
    export_name = ""  # file name stem and ExportLog.what
    scoped = True  # records are scoped through their command; units are reference data
    paginate_by = 50
    # Filters kept in the query string but not shown as form fields (links from other pages set them).
    hidden_filters = ("ordering",)
    # Filters rendered as a select of visible commands / all partner units instead of a number box.
    command_filters = ("command",)
    # Command filters that pick records even on a list of units (only commands of the user's scope).
    scoped_command_filters = ()
    partner_filters = ("partner_unit",)
    date_filters = ()
    title = ""
    add_url_name = ""  # admin "add" URL shown in the empty state to users who may write

    def base_queryset(self):
        """The model's rows with what the list shows joined or prefetched (constant query count)."""
        return self.model.objects.all()

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.scoped:
            queryset = scoping.scope_records(self.request.user, queryset)
        return queryset

    def get_filterset(self, *, for_page=True):
        data = self.request.GET.copy()
        for key in NON_FILTER_KEYS:
            data.pop(key, None)
        filterset = self.filterset_class(data or None, queryset=self.get_queryset(), request=self.request)
        if for_page:  # an export needs no widgets (and so not their choice queries)
            self.prepare_form(filterset.form)
        self.check_filters(filterset)
        return filterset

    def check_filters(self, filterset) -> None:
        """Errors the FilterSet's fields cannot see: a key that no filter reads (a misspelt name, another
        list's filter) and a unit that does not exist or lies outside the user's scope. Either would
        otherwise show all rows or none under a form that looks unfiltered."""
        if not filterset.is_bound:
            return
        form = filterset.form
        form.is_valid()
        unknown = [key for key in filterset.data if key not in filterset.filters]
        if unknown:
            known = ", ".join(name for name in filterset.filters if name not in self.hidden_filters)
            form.add_error(None, UNKNOWN_FILTERS % {"names": ", ".join(f"“{key}”" for key in unknown), "known": known})
        # On a page the select already holds the units offered (no query); an export asks the database. The
        # select of commands offers the user's scope, but the list of commands (reference data) may be narrowed
        # to any command.
        checks = []
        for name in self.command_filters:
            in_scope = self.scoped or name in self.scoped_command_filters
            commands = scoping.visible_commands(self.request.user) if in_scope else Command.objects.all()
            checks.append((name, commands, in_scope, COMMAND_NOT_IN_SCOPE))
        checks += [(name, PartnerUnit.objects.all(), True, NO_SUCH_PARTNER_UNIT) for name in self.partner_filters]
        for name, units, from_select, message in checks:
            value = form.cleaned_data.get(name) if name in form.fields else None
            if value is None:
                continue
            widget = form.fields[name].widget
            if from_select and isinstance(widget, UnitSelect):
                offered = any(choice == str(value) for choice, _label in widget.choices)
            else:
                offered = units.filter(pk=value).exists()
            if not offered:
                form.add_error(name, message)

    def prepare_form(self, form):
        """Friendlier widgets for the shared FilterSet's form: unit selects, date pickers, hidden keys."""
        for name in self.command_filters:
            if name in form.fields and name not in self.hidden_filters:  # a hidden one is checked when given
                commands = scoping.visible_commands(self.request.user).order_by("sort_order", "code")
                choices = unit_choices(commands.values_list("pk", "code", "name"), _("All commands in my scope"))
                form.fields[name].widget = UnitSelect(choices=choices)
        for name in self.partner_filters:
            if name in form.fields:
                units = PartnerUnit.objects.order_by("country", "code").values_list("pk", "code", "name")
                form.fields[name].widget = UnitSelect(choices=unit_choices(units, _("All partner units")))
        for name in self.date_filters:
            if name in form.fields:
                # A text box, not the browser's date picker: that one shows the browser's locale (mm/dd/yyyy),
                # and dates here are dd/mm/yyyy (ISO from links is accepted too, see dnqp/formats).
                form.fields[name].widget = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")
        for field in form.fields.values():
            if isinstance(field, forms.MultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        for name in self.hidden_filters:
            if name in form.fields:
                # A comma-separated filter (``ordering``) must still split its value: a plain hidden input hands
                # its field a string, which it read letter by letter ("s" is no ordering) and refused the form.
                csv = isinstance(form.fields[name].widget, BaseCSVWidget)
                form.fields[name].widget = HiddenCSVInput() if csv else forms.HiddenInput()

    def filtered_queryset(self, filterset):
        """The filtered rows, with a stable tie-break so pages never repeat or skip a row."""
        queryset = filterset.qs
        ordering = list(queryset.query.order_by) or list(self.model._meta.ordering)
        if "-id" not in ordering and "id" not in ordering and "-pk" not in ordering and "pk" not in ordering:
            ordering.append("-id")
        return queryset.order_by(*ordering)

    def active_filters(self, filterset) -> dict:
        if not filterset.is_bound:
            return {}
        active = {}
        for key, values in filterset.data.lists():
            values = [v for v in values if v not in ("", None)]
            if values and key in filterset.filters and key != "ordering":
                active[key] = values if len(values) > 1 else values[0]
        return active

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("format")
        if file_format:
            return self.export(self.get_filterset(for_page=False), file_format)
        filterset = self.get_filterset()
        context = self.get_context_data(filterset=filterset)
        # Bad filters: the page with the message at each filter, answered 400 like the API and the reports.
        return self.render_to_response(context, status=200 if context["form_valid"] else 400)

    def get_context_data(self, *, filterset, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = not filterset.is_bound or filterset.is_valid()
        queryset = self.filtered_queryset(filterset) if valid else self.model.objects.none()
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        visible_fields = [f for f in filterset.form if f.name not in self.hidden_filters]
        hidden_fields = [f for f in filterset.form if f.name in self.hidden_filters]
        context.update(
            title=self.title,
            filterset=filterset,
            form_valid=valid,
            visible_fields=visible_fields,
            hidden_fields=hidden_fields,
            page_obj=page,
            object_list=page.object_list,
            paginator=paginator,
            active_filters=self.active_filters(filterset),
            can_add=bool(self.add_url_name) and scoping.can_write(self.request.user, self.model),
            add_url_name=self.add_url_name,
            export_formats=EXPORT_FORMATS,
        )
        return context

    # --- exports ----------------------------------------------------------------------------
    def export(self, filterset, file_format):
        if file_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Unknown export format: choose csv or xlsx."), content_type="text/plain")
        if filterset.is_bound and not filterset.is_valid():
            messages = "; ".join(
                " ".join(errs) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(errs)}"
                for name, errs in filterset.errors.items()
            )
            return HttpResponseBadRequest(
                _("The filters are not valid, nothing was exported: %(errors)s") % {"errors": messages},
                content_type="text/plain",
            )
        if file_format == "csv":  # tuples straight from the cursor (no model instances)
            rows = export_values(self.filtered_queryset(filterset), self.columns, EXPORT_CHUNK)
        else:  # XLSX keeps empty cells as "" (a re-import needs rows of equal width)
            rows = export_rows(self.filtered_queryset(filterset).iterator(chunk_size=EXPORT_CHUNK), self.columns)
        filename = f"{self.export_name}-{timezone.localdate():%Y%m%d}.{file_format}"
        # Logged before the first byte goes out; the row count is filled in when the writer finishes.
        return exports.logged_export_response(
            file_format,
            rows,
            filename,
            user=self.request.user,
            what=self.export_name,
            filters=self.active_filters(filterset),
            **self.export_options(file_format),
        )

    def export_options(self, file_format) -> dict:
        if file_format == "xlsx":
            return {"sheet_title": str(self.title)[:31]}
        return {}
