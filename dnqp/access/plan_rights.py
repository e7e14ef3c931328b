"""Who may read and write annual plans (events.AnnualPlan with its targets), per role.

The role groups (data migration dnqp 0002) were made before plans existed and hold no permission of
their own for them. A plan sets the targets of a command's defence foreign affairs, so it goes with the
records it plans: whoever may view, add, change or delete activities may do the same with plans (data-entry
staff and administrators write them; commanders and analysts read them). A permission granted on the plan
model itself (``events.add_annualplan`` …) counts as well. Which plans is decided by
:mod:`dnqp.access.scoping`, through the plan's command, like every other record.
"""

ACTIONS = ("view", "add", "change", "delete")


def plan_permissions(action: str) -> list[str]:
    """The permissions any one of which lets a user ``action`` plans."""
    return [f"events.{action}_annualplan", f"events.{action}_activity"]


def may(user, action: str) -> bool:
    """True if ``user`` may ``action`` (view, add, change, delete) annual plans."""
    if not user or not user.is_active or not user.is_authenticated:
        return False
    return any(user.has_perm(perm) for perm in plan_permissions(action))
