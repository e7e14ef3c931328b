"""The pieces every DNQP admin is built from: scoping, accent-insensitive search, edit conflicts, attachments.

- :class:`ScopedRecordMixin`: a staff member sees, opens and changes only the records of their command's
  subtree (through :mod:`dnqp.access.scoping`); another scope's record answers 404, not a redirect.
- :class:`ScopedChoicesMixin`: foreign-key choices (and their autocomplete) offer only commands and records
  inside the user's subtree, so an out-of-scope command is a form error, never a save.
- :class:`AccentSearchMixin`: the search box uses the model's ``QuerySet.search()`` ("chau duc" finds
  "Châu Đức", on SQLite and PostgreSQL).
- :class:`VersionedAdminMixin` with :class:`VersionedModelForm`: the change form carries the record's version;
  a save based on a stale copy is refused with a form error that keeps the user's input
  (:mod:`dnqp.core.versioning`).
- :class:`AttachmentInline`: attached documents, checked by content and size (:mod:`dnqp.core.uploads`).
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet, GenericTabularInline
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.admin import SimpleHistoryAdmin

from dnqp.access.accounts import ChangeReasonAdminMixin
from dnqp.access.scoping import record_in_scope, scope_persons, scope_records, visible_commands
from dnqp.admin.paging import EstimatedCountPaginator
from dnqp.core.uploads import safe_filename, validate_attachment
from dnqp.core.versioning import MISSING_VERSION_MESSAGE, EditConflict, claim_version
from dnqp.models import Attachment
from partnerships.models import Command, Person

OUT_OF_SCOPE_CHOICE = _("Choose a command inside your own command's subtree.")
OUT_OF_SCOPE_RECORD = _("Choose a record of your own command or its sub-commands.")
OUT_OF_SCOPE_PERSON = _("Choose a person you may see: of the partner side, or of our side in your command's subtree.")
LAST_CHANGED_BY = _("Last saved by %(user)s at %(when)s.")
SHOWN_AS_STORED = _("The form now shows the record as stored, with your own changes on top: check them and save again.")
CHANGED_BY_OTHER = _("Changed by the other person: %(fields)s.")
BOTH_CHANGED = _("The other person also changed this field, to: %(value)s. Keep your value or enter theirs.")
YOURS_REPLACED = _("Shown as stored now. You had entered: %(value)s.")
EMPTY_VALUE = _("(empty)")

# Django's own Vietnamese catalogue lacks some admin strings and calls the change history "Bản ghi nhớ"
# (a memorandum, which is also an agreement kind here). Our catalogue, first in LOCALE_PATHS, wins.
ADMIN_TERMS = [
    gettext_noop("History"),
    gettext_noop("Site administration"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
]


def is_scoped_model(model) -> bool:
    """Records that belong to a command (agreements, delegations, activities, support)."""
    if model is Command:
        return False
    try:
        field = model._meta.get_field("command")
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model is Command and model._meta.app_label != "dnqp"


def in_scope(request, obj) -> bool:
    """:func:`dnqp.access.scoping.record_in_scope`, remembered for the request (asked several times per page)."""
    cache = request.__dict__.setdefault("_dnqp_in_scope", {})
    key = (obj._meta.label, obj.pk, getattr(obj, "command_id", None))
    if key not in cache:
        cache[key] = record_in_scope(request.user, obj)
    return cache[key]


# --- Search ---------------------------------------------------------------------------------


class AccentSearchMixin:
    """Search through the model's ``QuerySet.search()``: every word, accent- and case-insensitive.

    ``search_fields`` still has to be set (the admin shows the search box and allows autocomplete only
    when it is), but the fields searched are the ones the QuerySet names, shared with pages and the API.
    """

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False


# --- Autocomplete ---------------------------------------------------------------------------


class AutocompleteSelect(admin_widgets.AutocompleteSelect):
    """Django's autocomplete select, rendering only submitted values that can be ids.

    To show the chosen option again, Django looks the submitted value up; a value that is no id ("abc", a
    number past the column's range), sent by hand, made that lookup raise (a 500) instead of letting the
    form show the field's own error ("Select a valid choice").
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        return super().optgroups(name, [v for v in value if _is_value_of(target, v)], attr)


def _is_value_of(field, value) -> bool:
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class AutocompleteChoicesMixin:
    """The admin's ``autocomplete_fields`` with :class:`AutocompleteSelect` (ModelAdmins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Scoping --------------------------------------------------------------------------------


class ScopedChoicesMixin(AutocompleteChoicesMixin):
    """Limit foreign-key choices to the user's scope (for ModelAdmins and inlines alike)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        remote = db_field.remote_field.model
        message = None
        if "queryset" not in kwargs:
            if remote is Command and db_field.model is not Command:
                kwargs["queryset"] = visible_commands(request.user)
                message = OUT_OF_SCOPE_CHOICE
            elif is_scoped_model(remote):
                kwargs["queryset"] = scope_records(request.user, remote._default_manager.all())
                message = OUT_OF_SCOPE_RECORD
            elif remote is Person and db_field.model is not Person:
                kwargs["queryset"] = scope_persons(request.user, Person.objects.all())
                message = OUT_OF_SCOPE_PERSON
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and message:
            formfield.error_messages["invalid_choice"] = message
        return formfield


class NotFoundMixin:
    """Another scope's (or a missing) object answers 404 instead of the admin's redirect to the index."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Private in Django (5.2): the one place changeform, delete and history views turn "not in
        # get_queryset()" into a redirect with a message; a 404 does not tell whether the record exists.
        raise Http404(_("No such record."))


class ScopedRecordMixin(NotFoundMixin):
    """A record admin limited to the user's command subtree (reads and writes).

    Its changelist counts with :class:`dnqp.admin.paging.EstimatedCountPaginator`: the planner's estimate
    only for an administrator's unfiltered list of a big table, an exact count everywhere else.
    """

    paginator = EstimatedCountPaginator

    def get_queryset(self, request):
        return scope_records(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or in_scope(request, obj))

    def _scoped_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            return obj
        # A deleted record: its history is shown to those who could see it when it was last saved.
        try:
            history = self.model.history.filter(**{self.opts.pk.attname: unquote(object_id)})
            last = history.order_by("-history_date").first()
        except (ValueError, ValidationError):
            last = None
        if last is None or not in_scope(request, last.instance):
            raise Http404(_("No such record."))
        return last.instance

    def history_view(self, request, object_id, extra_context=None):
        self._scoped_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._scoped_object_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ParentScopedInlineMixin(ScopedChoicesMixin):
    """An inline that may be edited only where its parent record may be changed; its rows are scoped too."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return scope_records(request.user, queryset) if is_scoped_model(self.model) else queryset

    def _parent_writable(self, request, obj) -> bool:
        if obj is None:
            return True
        opts = obj._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and in_scope(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_writable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_writable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_writable(request, obj)


# --- Concurrent edits -----------------------------------------------------------------------


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the record's version and refuses a save based on a stale copy.

    The check in ``clean()`` shows the conflict on the form (nothing written, input kept); the hidden
    version is then moved to the stored one, so saving again on purpose keeps this user's input.
    The save itself claims the version atomically (:func:`dnqp.core.versioning.claim_version`).
    """

    version = forms.IntegerField(label=_("version"), widget=forms.HiddenInput, required=False, min_value=1)
    # A record's own form is always checked (the admin writes every field back); an inline row only when
    # changed, since unchanged rows are not written.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    @cached_property
    def changed_data(self):
        # The version alone is no change: a row that shows what is stored is not written, whatever its version.
        return [name for name in super().changed_data if name != "version"]

    def clean(self):
        cleaned_data = super().clean()
        edited = self.check_unchanged or bool(self.changed_data)
        if self.instance.pk is not None and not self.instance._state.adding and edited:
            submitted = cleaned_data.get("version")
            if submitted is None:
                self.add_error(None, MISSING_VERSION_MESSAGE)
            elif submitted != self.instance.version:
                self._show_conflict(EditConflict(self.instance, submitted, self.instance.version))
        return cleaned_data

    def _show_conflict(self, conflict: EditConflict) -> None:
        """Refuse the save and show the record as stored now, with this user's own changes on top.

        The fields this user changed (against the copy they opened, read from the history) keep their
        input; every other field shows the stored value, so saving again can never write back a stale
        value of a field the user did not touch. The message names the fields the other person changed;
        a field both changed carries its own error giving the other person's value, to choose deliberately.
        """
        opened = self._opened_copy(conflict.submitted)
        stored = self._values_of(self.instance)
        before = self._values_of(opened) if opened is not None else None
        data = self.data.copy()
        theirs, both, unknown = [], [], []
        for name, field in self.fields.items():
            if name == "version" or name not in stored or isinstance(field.widget, forms.FileInput):
                continue
            bound = self[name]
            posted = field.widget.value_from_datadict(self.data, self.files, bound.html_name)
            if before is None:
                # No copy of the version the user opened (a row changed outside the history): which side
                # changed what is unknown, so the form shows the stored value and the user's one beside it.
                if field.has_changed(stored[name], posted):
                    theirs.append(name)
                    unknown.append((name, posted))
                    _put_value(data, bound, stored[name])
                continue
            mine = field.has_changed(before[name], posted)
            other = _differs(field, before[name], stored[name])
            if other:
                theirs.append(name)
            if mine and other:
                both.append(name)
            elif not mine:
                _put_value(data, bound, stored[name])
        data[self.add_prefix("version")] = str(conflict.current)
        self.data = data

        message = str(conflict.message)
        last = (
            self.instance.history.select_related("history_user").first() if hasattr(self.instance, "history") else None
        )
        if last is not None and last.history_user is not None:
            when = date_format(localtime(last.history_date), "SHORT_DATETIME_FORMAT")
            message += " " + str(LAST_CHANGED_BY % {"user": last.history_user.get_username(), "when": when})
        message += " " + str(SHOWN_AS_STORED)
        if theirs:
            labels = ", ".join(f"«{self.fields[name].label}»" for name in theirs)
            message += " " + str(CHANGED_BY_OTHER % {"fields": labels})
        self.add_error(None, message)
        for name in both:
            shown = _display(self[name], stored[name])
            self.add_error(name, str(BOTH_CHANGED % {"value": shown}))
        for name, posted in unknown:
            self.add_error(name, str(YOURS_REPLACED % {"value": _display(self[name], posted)}))

    def _opened_copy(self, version):
        """The record as it was at ``version`` (the copy the user opened), or None if no history holds it."""
        history = getattr(type(self.instance), "history", None)
        if history is None or version is None:
            return None
        found = history.filter(**{self.instance._meta.pk.attname: self.instance.pk, "version": version})
        found = found.order_by("-history_date").first()
        return found.instance if found is not None else None

    def _values_of(self, instance) -> dict:
        names = [name for name in self.fields if name != "version"]
        return forms.models.model_to_dict(instance, fields=names)


def _differs(field, one, other) -> bool:
    if isinstance(one, list | tuple) or isinstance(other, list | tuple):
        keys = [sorted(str(getattr(v, "pk", v)) for v in values or []) for values in (one, other)]
        return keys[0] != keys[1]
    return field.has_changed(one, field.prepare_value(other))


def _put_value(data, bound, value) -> None:
    """Write ``value`` into the posted ``data`` as the field's widget would have sent it."""
    field, name = bound.field, bound.html_name
    widget = field.widget
    prepared = field.prepare_value(value)
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(prepared):
            data[name] = "on"
        else:
            data.pop(name, None)
    elif getattr(widget, "allow_multiple_selected", False) or isinstance(widget, forms.MultipleHiddenInput):
        data.setlist(name, [str(getattr(v, "pk", v)) for v in prepared or []])
    elif isinstance(widget, forms.MultiWidget):
        for sub_name, sub_widget, sub_value in zip(
            widget.widgets_names, widget.widgets, widget.decompress(prepared), strict=True
        ):
            data[name + sub_name] = sub_widget.format_value(sub_value) or ""
    else:
        formatted = widget.format_value(prepared)
        if isinstance(formatted, list):  # a select: its one chosen value
            formatted = formatted[0] if formatted else ""
        data[name] = "" if formatted is None else str(formatted)


def _display(bound, value) -> str:
    """A stored value as the user reads it (a choice's label, a record's name), for a message."""
    field = bound.field
    if value in (None, "", [], ()):
        return str(EMPTY_VALUE)
    if hasattr(field, "queryset"):
        keys = value if isinstance(value, list | tuple) else [value]
        keys = [getattr(key, "pk", key) for key in keys]
        return ", ".join(str(obj) for obj in field.queryset.model._default_manager.filter(pk__in=keys))
    choices = dict(getattr(field, "flat_choices", None) or getattr(field, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _without_version(fields):
    # ``version`` is a non-editable model field: the form declares it, the model form factory must not see it.
    return None if fields is None else [name for name in fields if name != "version"]


class VersionedInlineMixin:
    """An inline of versioned records (support lines under a delegation): each row carries its version."""

    form = VersionedModelForm

    def get_formset(self, request, obj=None, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = _without_version(kwargs["fields"])
        return super().get_formset(request, obj, **kwargs)


class VersionedInlineFormSet(BaseInlineFormSet):
    """Inline rows of versioned records: a changed row claims its version before it is written."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.check_unchanged = False
        return form

    def save_existing(self, form, obj, commit=True):
        if commit and hasattr(obj, "version"):
            claim_version(obj, form.cleaned_data.get("version"))
        return super().save_existing(form, obj, commit=commit)


class RaceRetryMixin:
    """A save that lost a race to another one is shown as a form error, never a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (EditConflict, IntegrityError):
            # Another save won the race between this form's checks and its save (a stale version, or the
            # same new unique code); the transaction rolled back. Handling the same request again shows the
            # conflict, or the plain duplicate's field error, on the form with the input kept.
            return super().changeform_view(request, object_id, form_url, extra_context)


class VersionedAdminMixin(RaceRetryMixin):
    """Admin side of :mod:`dnqp.core.versioning` for a :class:`dnqp.core.versioning.VersionedModel`."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        """Make sure the hidden version travels with the form (and is not shown to read-only users)."""
        fieldsets = super().get_fieldsets(request, obj)
        names = flatten_fieldsets(fieldsets)
        writable = obj is None or self.has_change_permission(request, obj)
        if writable and "version" not in names:
            (name, options), *rest = fieldsets
            fieldsets = [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]
        elif not writable and "version" in names:
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "version"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            claim_version(obj, form.cleaned_data.get("version"))
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, "_dnqp_history_revert", False) and obj is not None and obj.pk is not None:
            # Reverting to a historical version edits the current row: carry the current version.
            obj.version = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = _without_version(kwargs["fields"])
        return super().get_form(request, obj, change=change, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._dnqp_history_revert = True
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)


# --- Attachments ----------------------------------------------------------------------------


class AttachmentForm(forms.ModelForm):
    """One attached document: the upload is checked by content and size; type, size and name are recorded."""

    class Meta:
        model = Attachment
        fields = ["kind", "file", "description"]
        widgets = {"file": forms.FileInput}  # no link to the storage path: downloads go through the scoped view

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            mime_type, size = validate_attachment(upload)
            self.instance.mime_type = mime_type
            self.instance.size = size
            self.instance.filename = safe_filename(upload.name, mime_type)
        return upload


class AttachmentFormSet(BaseGenericInlineFormSet):
    pass


class AttachmentInline(ParentScopedInlineMixin, GenericTabularInline):
    """Attached documents of a record (signed text, handover minutes, photos)."""

    model = Attachment
    form = AttachmentForm
    formset = AttachmentFormSet
    extra = 0
    fields = ["download", "kind", "file", "description", "file_type", "file_size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["download", "file_type", "file_size", "uploaded_by", "uploaded_at"]
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("document"))
    def download(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("attachment-download", args=[obj.pk]), obj.filename)

    @admin.display(description=_("file type"))
    def file_type(self, obj):
        return obj.mime_type if obj and obj.pk else "—"

    @admin.display(description=_("size"))
    def file_size(self, obj):
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(obj.size) if obj and obj.pk else "—"


class UploadedByMixin:
    """Record who uploaded each new attached document."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if obj.pk is None:
                obj.uploaded_by = request.user
            obj.save()
        formset.save_m2m()


# --- Base classes ---------------------------------------------------------------------------


class BaseAdmin(
    UploadedByMixin,
    ChangeReasonAdminMixin,
    VersionedAdminMixin,
    AccentSearchMixin,
    ScopedChoicesMixin,
    SimpleHistoryAdmin,
):
    """Common to every DNQP admin: history with the reason for a change, accent-insensitive search, version
    check, scoped choices."""

    show_full_result_count = False
    list_per_page = 50
    save_on_top = True

    def history_view(self, request, object_id, extra_context=None):
        # The history names who saved each version; only a user who may see users gets a link to the user's
        # page (data-entry staff would meet a 403 there). A URL name that resolves to nothing: plain names.
        if not request.user.has_perm("auth.view_user"):
            extra_context = {**(extra_context or {}), "admin_user_view": "admin:no-user-pages"}
        return super().history_view(request, object_id, extra_context)


class UnitAdmin(NotFoundMixin, BaseAdmin):
    """Units are reference data: every user with the view permission reads all of them."""


class RecordAdmin(ScopedRecordMixin, BaseAdmin):
    """Records (agreements, delegations, activities, support): limited to the user's command subtree."""
