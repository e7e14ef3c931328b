"""Helpers for admin tests: the POST data a browser would send back for a rendered admin change form."""

import datetime

from django import forms


def _field_value(bound_field):
    widget = bound_field.field.widget
    value = bound_field.value()
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(widget, forms.FileInput):
        return None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _add_form(data, form):
    for bound_field in form:
        value = _field_value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value


def change_form_data(response, **changes):
    """The data of the admin change form in ``response`` (main form + every inline), with ``changes`` applied."""
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            data[bound_field.html_name] = str(bound_field.value())
        for form in formset.initial_forms:
            _add_form(data, form)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
