"""The leaders a unit's profile shows: who holds a post there now, and who held one before."""

import datetime

from django.utils import timezone

from dnqp.access import scoping
from partnerships.models import Position


def unit_leaders(user, unit, today: datetime.date | None = None) -> dict:
    """The people in a post of ``unit`` (a command or a partner unit) that ``user`` may see, in one query:
    ``current`` (not ended by ``today``) and ``former`` (their predecessors), newest first."""
    today = today or timezone.localdate()
    field = "command" if unit._meta.model_name == "command" else "partner_unit"
    positions = scoping.scope_positions(
        user, Position.objects.filter(**{field: unit}).select_related("person", "command")
    ).order_by("-valid_from", "id")
    current, former = [], []
    for position in positions:
        last_day = position.last_day
        (former if last_day is not None and last_day < today else current).append(position)
    return {"current": current, "former": former}
