"""Forms of the events app used by the admin: support lines, alone or under a delegation or activity."""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from dnqp.admin.base import VersionedModelForm
from dnqp.spreadsheets.imports import parse_integer
from events.models import Expenditure


class WholeDongField(forms.IntegerField):
    """An amount in whole đồng, read as the spreadsheet import reads it (``parse_integer``): the thousands grouped by
    dots, commas or spaces ("50.000.000", "50,000,000", "50 000 000"); anything else is an integer field's error."""

    def to_python(self, value):
        try:
            return parse_integer(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


AMOUNT_HELP = _(
    "Whole đồng, e.g. 80.000.000. For support paid in another currency leave it empty and give the currency, "
    "the amount in it and the rate: the amount in đồng is computed (rounded half up)."
)


class ExpenditureForm(VersionedModelForm):
    """A support line; the amount in đồng may be left to the server when it was paid in another currency."""

    class Meta:
        model = Expenditure
        fields = "__all__"
        help_texts = {"amount_vnd": AMOUNT_HELP}
        # Vietnamese number input: "80.000.000" and "23.500,5" (dots group thousands, the comma is decimal).
        localized_fields = ["amount_vnd", "amount_original", "exchange_rate"]
        # A text box: a number box would refuse the grouped "80.000.000" the form shows and accepts.
        widgets = {"amount_vnd": forms.TextInput(attrs={"class": "vIntegerField", "inputmode": "numeric"})}
        field_classes = {"amount_vnd": WholeDongField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("amount_original", "exchange_rate"):
            value = self.initial.get(name)
            if isinstance(value, Decimal):  # 23500.500000 → 23.500,5 (no trailing zeros of the column's scale)
                self.initial[name] = Decimal(format(value, "f").rstrip("0").rstrip(".") or "0")

    def add_error(self, field, error):
        """The record's own rules run even where a field was already refused: an amount typed as "năm mươi triệu"
        would be told both that it is not a number and that the amount is missing. Keep the first message."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            kept = {
                name: errors
                for name, errors in error.error_dict.items()
                if name == NON_FIELD_ERRORS or name not in self._errors
            }
            if not kept:
                return
            error = ValidationError(kept)
        super().add_error(field, error)
