"""Writes of the partnerships app that touch several rows: one signing ceremony, several agreements."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from partnerships.models import Agreement, Command, PartnerUnit

DUPLICATE_PAIR = _("This command and partner unit already appear in an earlier row.")
OUT_OF_SCOPE = _("This command is outside your own command's subtree.")
NO_PAIRS = _("Give at least one command and partner unit.")


@dataclass(frozen=True)
class CeremonyPair:
    """One agreement of a ceremony: who signs with whom, and what differs from the shared fields."""

    command: Command
    partner_unit: PartnerUnit
    reference: str = ""
    signatory_vn_name: str = ""
    signatory_partner_name: str = ""


class CeremonyError(ValidationError):
    """Some rows of a ceremony are invalid; ``row_errors`` maps the row index (from 0) to its ValidationError."""

    def __init__(self, row_errors: dict[int, ValidationError]):
        self.row_errors = row_errors
        messages = [f"{index + 1}: {'; '.join(error.messages)}" for index, error in sorted(row_errors.items())]
        super().__init__(messages)


def _as_pair(item) -> CeremonyPair:
    if isinstance(item, CeremonyPair):
        return item
    if isinstance(item, dict):
        return CeremonyPair(**item)
    command, partner_unit, *rest = item
    return CeremonyPair(command, partner_unit, *rest)


# Characters that already end a prefix as a separator would.
SEPARATORS = "-/. "


def numbered(prefix: str, number: int) -> str:
    """A ceremony's document number: ``KT-2024`` and row 11 give ``KT-2024/11`` (a prefix ending in a
    separator keeps it: ``KT-2024/`` gives ``KT-2024/11``). Without the separator row 11 of ``KT-2024``
    and row 1 of ``KT-20241`` both read ``KT-202411``. No prefix, no number."""
    if not prefix:
        return ""
    return f"{prefix}{number}" if prefix[-1] in SEPARATORS else f"{prefix}/{number}"


@transaction.atomic
def agreements_sign_ceremony(
    *,
    command_pairs: Iterable[CeremonyPair | tuple | dict],
    signed_on: datetime.date | None,
    kind: str,
    title: str,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    reference_prefix: str = "",
    signatory_vn_name: str = "",
    signatory_vn_rank: str = "",
    signatory_vn_title: str = "",
    signatory_partner_name: str = "",
    signatory_partner_rank: str = "",
    signatory_partner_title: str = "",
    notes: str = "",
    may_record=None,
) -> list[Agreement]:
    """Record one signing ceremony: one agreement per (command, partner unit) pair, all or none.

    The shared fields are given once. A row's own ``reference`` wins; otherwise, with a
    ``reference_prefix``, the reference is the prefix and the row number (:func:`numbered`). A row's
    signatory names, when given, replace the shared ones. With ``may_record`` (a test of a command, e.g.
    the user's scope), every command must pass it. Every agreement is validated like a form would
    (``full_clean``) before any is written; invalid rows raise :class:`CeremonyError` naming each row,
    and nothing is saved.
    """
    pairs: Sequence[CeremonyPair] = [_as_pair(item) for item in command_pairs]
    if not pairs:
        raise ValidationError(NO_PAIRS, code="no_pairs")

    agreements: list[Agreement] = []
    row_errors: dict[int, ValidationError] = {}
    seen: set[tuple[int, int]] = set()
    for index, pair in enumerate(pairs, start=0):
        reference = pair.reference or numbered(reference_prefix, index + 1)
        agreement = Agreement(
            reference=reference,
            title=title,
            kind=kind,
            command=pair.command,
            partner_unit=pair.partner_unit,
            signed_on=signed_on,
            valid_from=valid_from or signed_on,
            valid_until=valid_until,
            signatory_vn_name=pair.signatory_vn_name or signatory_vn_name,
            signatory_vn_rank=signatory_vn_rank,
            signatory_vn_title=signatory_vn_title,
            signatory_partner_name=pair.signatory_partner_name or signatory_partner_name,
            signatory_partner_rank=signatory_partner_rank,
            signatory_partner_title=signatory_partner_title,
            notes=notes,
        )
        errors: dict[str, list] = {}
        key = (pair.command.pk, pair.partner_unit.pk)
        if key in seen:
            errors.setdefault("partner_unit", []).append(DUPLICATE_PAIR)
        seen.add(key)
        if may_record is not None and not may_record(pair.command):
            errors.setdefault("command", []).append(OUT_OF_SCOPE)
        try:
            agreement.full_clean()
        except ValidationError as exc:
            for field, messages in exc.update_error_dict({}).items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            row_errors[index] = ValidationError(errors)
        agreements.append(agreement)
    if row_errors:
        raise CeremonyError(row_errors)

    for agreement in agreements:
        agreement._change_reason = str(_("Signing ceremony: %(title)s") % {"title": title})[:100]
        agreement.save()
    return agreements
