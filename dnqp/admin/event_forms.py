"""Forms of the events app used by the admin: support lines, alone or under a delegation or activity."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dnqp.admin.base import VersionedModelForm
from events.models import Expenditure

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("amount_original", "exchange_rate"):
            value = self.initial.get(name)
            if isinstance(value, Decimal):  # 23500.500000 → 23.500,5 (no trailing zeros of the column's scale)
                self.initial[name] = Decimal(format(value, "f").rstrip("0").rstrip(".") or "0")
