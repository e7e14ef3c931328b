"""``field__in_array=subquery`` selects the same rows as ``field__in=subquery`` (one array on PostgreSQL)."""

from events.models import Expenditure
from partnerships.models import Command


def test_same_rows_as_in(worked_example):
    for root in ("QK7", "BP", "BP-LN", "DN", "TN-none"):
        ids = Command.objects.filter(code=root).values("pk") if root != "TN-none" else Command.objects.none()
        subtree = Command.objects.filter(pk__in=ids).values("pk")
        expected = set(Expenditure.objects.filter(command_id__in=subtree).values_list("pk", flat=True))
        got = set(Expenditure.objects.filter(command_id__in_array=subtree).values_list("pk", flat=True))
        assert got == expected, root
