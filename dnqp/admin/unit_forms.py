"""Forms of the partnerships app: the one-step signing ceremony (shared fields + one row per pair)."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dnqp.access.scoping import visible_commands
from dnqp.admin.base import OUT_OF_SCOPE_CHOICE, AutocompleteSelect, VersionedModelForm
from partnerships.choices import AgreementKind
from partnerships.models import Agreement, PartnerUnit
from partnerships.services import CeremonyPair

CEREMONY_MAX_ROWS = 50


def _model_field(name):
    return Agreement._meta.get_field(name)


def _char(name, **kwargs):
    """A form field that copies the label, length and help text of the Agreement field ``name``."""
    field = _model_field(name)
    kwargs.setdefault("required", False)
    kwargs.setdefault("help_text", field.help_text)
    return forms.CharField(label=field.verbose_name.capitalize(), max_length=field.max_length, **kwargs)


class AgreementForm(VersionedModelForm):
    """An agreement; the first day in force defaults to the signing date, and follows a corrected one
    (``Agreement.default_valid_from``, before the database rule is checked)."""

    class Meta:
        model = Agreement
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        if "signed_on" in cleaned_data and "valid_from" in cleaned_data:
            cleaned_data["valid_from"] = self.instance.default_valid_from(
                cleaned_data["signed_on"], cleaned_data["valid_from"]
            )
        return cleaned_data


class CeremonyForm(forms.Form):
    """What every agreement signed at the ceremony shares."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices, initial=AgreementKind.TWINNING)
    title = _char("title", required=True, widget=forms.TextInput(attrs={"class": "vTextField"}))
    signed_on = forms.DateField(label=_("Signed on"), widget=AdminDateWidget)
    valid_from = forms.DateField(
        label=_("In force from"), required=False, widget=AdminDateWidget, help_text=_("Defaults to the signing date.")
    )
    valid_until = forms.DateField(
        label=_("In force until"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Last day in force; empty means open-ended."),
    )
    reference_prefix = forms.CharField(
        label=_("Document number prefix"),
        max_length=60,
        required=False,
        help_text=_("A row without its own document number gets this prefix, a “/” and the row number (KT-2024/1)."),
    )
    signatory_vn_name = _char("signatory_vn_name")
    signatory_vn_rank = _char("signatory_vn_rank")
    signatory_vn_title = _char("signatory_vn_title")
    signatory_partner_name = _char("signatory_partner_name")
    signatory_partner_rank = _char("signatory_partner_rank")
    signatory_partner_title = _char("signatory_partner_title")
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # One random value per ceremony form, posted back with it: the same ceremony posted twice (a second click,
    # the browser's Back and submit again) is recorded once (dnqp/admin/units.py, ``_sign_ceremony``).
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", secrets.token_urlsafe(18))

    def clean(self):
        cleaned_data = super().clean()
        signed_on, valid_from, valid_until = (cleaned_data.get(k) for k in ("signed_on", "valid_from", "valid_until"))
        start = valid_from or signed_on
        if start and valid_until and valid_until < start:
            self.add_error("valid_until", _("The last day in force cannot be before the first day in force."))
        return cleaned_data


class CeremonyPairForm(forms.Form):
    """One agreement of the ceremony: a command of ours and a partner unit."""

    command = forms.ModelChoiceField(
        label=_("Command"),
        queryset=visible_commands(None),
        widget=AutocompleteSelect(_model_field("command"), admin_site=None),
        error_messages={"invalid_choice": OUT_OF_SCOPE_CHOICE},
    )
    partner_unit = forms.ModelChoiceField(
        label=_("Partner unit"),
        queryset=PartnerUnit.objects.all(),
        widget=AutocompleteSelect(_model_field("partner_unit"), admin_site=None),
    )
    reference = _char("reference", help_text=_("Leave empty to use the prefix and the row number."))
    signatory_vn_name = _char("signatory_vn_name", help_text=_("Leave empty to use the shared signatory."))
    signatory_partner_name = _char("signatory_partner_name", help_text=_("Leave empty to use the shared signatory."))

    def __init__(self, *args, user=None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["command"].queryset = visible_commands(user)
        for name in ("command", "partner_unit"):
            self.fields[name].widget.admin_site = admin_site
        for name in ("reference", "signatory_vn_name", "signatory_partner_name"):
            self.fields[name].widget.attrs.setdefault("class", "vTextField")

    def as_pair(self) -> CeremonyPair:
        data = self.cleaned_data
        return CeremonyPair(
            command=data["command"],
            partner_unit=data["partner_unit"],
            reference=data.get("reference", ""),
            signatory_vn_name=data.get("signatory_vn_name", ""),
            signatory_partner_name=data.get("signatory_partner_name", ""),
        )


class BaseCeremonyPairFormSet(forms.BaseFormSet):
    def clean(self):
        # Without its row counts (a post cut short or tampered with) the formset has no rows, and Django keeps
        # only what clean() raises: "give at least one pair" would hide its "row counts missing".
        if any(self.errors) or not self.management_form.is_valid():
            return
        seen = set()
        for form in self.forms:
            if not form.has_changed() or not form.cleaned_data:
                continue
            key = (form.cleaned_data["command"].pk, form.cleaned_data["partner_unit"].pk)
            if key in seen:
                form.add_error("partner_unit", _("This command and partner unit already appear in an earlier row."))
            seen.add(key)
        if not any(form.has_changed() for form in self.forms):
            raise ValidationError(_("Give at least one command and partner unit."))

    def pair_forms(self) -> list[CeremonyPairForm]:
        """The filled rows, in order (blank extra rows are ignored)."""
        return [form for form in self.forms if form.has_changed() and form.cleaned_data]


def ceremony_pair_formset(rows: int = 5):
    return forms.formset_factory(
        CeremonyPairForm,
        formset=BaseCeremonyPairFormSet,
        extra=max(1, min(rows, CEREMONY_MAX_ROWS)),
        max_num=CEREMONY_MAX_ROWS,
        validate_max=True,
        absolute_max=CEREMONY_MAX_ROWS,
    )
