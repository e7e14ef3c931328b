"""Concurrent edits lose nothing: a save based on a stale copy of a record is refused, not written over.

Every record carries ``version`` (:class:`VersionedModel`). A client reads the record with its
version, and its save must move the row from exactly that version to the next one. The move is a single
``UPDATE … SET version = version + 1 WHERE id = %s AND version = %s``: of two concurrent saves based on the
same version, the database lets exactly one through (the other updates no row and is refused), on SQLite
and on PostgreSQL alike.

Used by the admin (``dnqp.admin.base``) and the API. Call :func:`claim_version` inside the transaction
that then saves the instance, so a failed save also gives the version back.

Two new records racing for the same unique value are the other concurrent write: :func:`refusal_error`
turns the database's refusal of the loser into the message a plain duplicate gets.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

CONFLICT_MESSAGE = _(
    "This record has been changed by someone else since you opened it (now at version %(current)s, you "
    "edited version %(submitted)s). Nothing was saved."
)
MISSING_VERSION_MESSAGE = _("The version of the record you edited is missing; reload the page and try again.")


class EditConflict(Exception):
    """The row moved on since the client read it: ``submitted`` is what the client had, ``current`` what is stored."""

    def __init__(self, instance: models.Model, submitted: int | None, current: int | None):
        self.instance = instance
        self.submitted = submitted
        self.current = current
        super().__init__(f"{instance._meta.label} {instance.pk}: edited version {submitted}, stored version {current}")

    @property
    def message(self) -> str:
        return CONFLICT_MESSAGE % {"current": self.current, "submitted": self.submitted}


def current_version(model: type[models.Model], pk) -> int | None:
    """The stored version of row ``pk`` (None if the row is gone)."""
    return model._default_manager.filter(pk=pk).values_list("version", flat=True).first()


def check_version(instance: models.Model, submitted: int | None) -> None:
    """Raise :class:`EditConflict` if ``instance``'s stored row is not at ``submitted`` (a read, no lock).

    Forms call this in ``clean()`` to show the conflict before anything is written; :func:`claim_version`
    is the check that counts, at save time.
    """
    current = current_version(type(instance), instance.pk)
    if submitted is None or current != submitted:
        raise EditConflict(instance, submitted, current)


def claim_version(instance: models.Model, submitted: int | None) -> None:
    """Move ``instance``'s row from version ``submitted`` to the next one, or raise :class:`EditConflict`.

    On success ``instance.version`` is the new version, so the following ``instance.save()`` writes it
    unchanged. Must run inside the transaction that saves ``instance``.
    """
    model = type(instance)
    if submitted is not None:
        moved = model._default_manager.filter(pk=instance.pk, version=submitted).update(version=F("version") + 1)
        if moved:
            instance.version = submitted + 1
            return
    raise EditConflict(instance, submitted, current_version(model, instance.pk))


REFUSED_MESSAGE = _("The database refused this record; nothing was saved. Check the values and save again.")


def refusal_error(instance: models.Model) -> ValidationError:
    """The error to show for ``instance`` after the database refused to write it (an ``IntegrityError``).

    Two people (or a double click) saving the same new code at once both pass the uniqueness check; the
    database lets one in and refuses the other. Checked again now, with the winner's row committed, the
    loser gets exactly the message of a plain duplicate ("Command with this code already exists"). Call it
    after the failed write's transaction or savepoint has been rolled back.
    """
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        return error
    return ValidationError(REFUSED_MESSAGE)


class VersionedModel(models.Model):
    """A record that carries an edit counter, so a stale edit is refused instead of overwriting."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
