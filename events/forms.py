"""Forms of the events app used by the admin: support lines, alone or under a delegation or activity."""

from django.utils.translation import gettext_lazy as _

from dnqp.admin_mixins import VersionedModelForm
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
