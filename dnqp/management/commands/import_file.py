"""``manage.py import_file FILE --model MODEL --user USERNAME [--dry-run]``: a spreadsheet of any size.

The admin's import without its limits on one file (``DNQP_IMPORT_MAX_ROWS``, ``DNQP_IMPORT_MAX_BYTES``):
the same resources (``dnqp/spreadsheets``), so the same columns, checks and messages, the scope and the
rights of the user named, and all or nothing in one transaction. A progress bar on standard error.

``--dry-run`` reads and checks every row and saves nothing (the admin's preview). When any row is refused,
nothing is saved, every refused row is printed with its reason and the command exits with status 1.
docs/OPERATIONS.md, "Large files".
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from dnqp.access import scoping
from dnqp.spreadsheets.event_resources import ActivityResource, DelegationResource, ExpenditureResource
from dnqp.spreadsheets.imports import read_file, row_errors
from dnqp.spreadsheets.unit_resources import AgreementResource, CommandResource, PartnerUnitResource

RESOURCES = {
    "support": ExpenditureResource,
    "delegations": DelegationResource,
    "activities": ActivityResource,
    "agreements": AgreementResource,
    "partner_units": PartnerUnitResource,
    "commands": CommandResource,
}


def number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of any size through the admin's import (same columns and checks), as USER "
        "(their scope and rights apply); all or nothing. --dry-run checks every row and saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file (the format is told by the name: .xlsx or else CSV)")
        parser.add_argument("--model", required=True, choices=sorted(RESOURCES), help="what the file holds")
        parser.add_argument("--user", required=True, help="the user importing: their scope and rights apply")
        parser.add_argument("--dry-run", action="store_true", help="read and check every row, save nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        account = get_user_model()._default_manager.filter(username=options["user"], is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {options['user']!r}.")
        user = scoping.load_user(account.pk)  # with the roles and the command the scope is read from
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        language = user._dnqp_language if user._dnqp_language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            return self.run(path, content, user, options)

    def run(self, path: Path, content: bytes, user, options) -> None:
        try:
            dataset = read_file(content, path.name)
        except Exception as exc:  # a damaged file, or not the format its name says
            raise CommandError(
                _("The file %(name)s could not be read (%(error)s): save it as XLSX or CSV (UTF-8) and try again.")
                % {"name": path.name, "error": type(exc).__name__}
            ) from None
        resource = RESOURCES[options["model"]](user=user)
        bar = tqdm(
            total=len(dataset),
            unit=" rows",
            unit_scale=True,
            file=self.stderr._out,
            disable=options["no_progress"],
            desc=path.name,
        )

        def advance(rows: int) -> None:
            if resource.row_numbers and bar.total != len(resource.row_numbers):  # the record rows, once found
                bar.total = len(resource.row_numbers)
            bar.update(rows)

        with bar:
            result = resource.import_data(
                dataset, dry_run=options["dry_run"], user=user, file_name=path.name, progress=advance
            )
        problems = row_errors(result)
        if problems:
            for row, column, message in problems:
                where = _("Row %(row)s") % {"row": row} if row else _("File")
                self.stderr.write(f"{where}{' – ' + column if column else ''}: {message}")
            if result.unlisted_invalid:
                self.stderr.write(
                    _("… and %(count)s more rows with errors.") % {"count": number(result.unlisted_invalid)}
                )
            raise CommandError(_("Nothing was imported: the file has errors. Correct them and import it again."))
        counts = {key: number(result.totals[key]) for key in ("new", "update", "skip")}
        if options["dry_run"]:
            text = _("Checked %(file)s, nothing saved: %(new)s new, %(update)s to update, %(skip)s unchanged.")
        else:
            text = _("Imported %(file)s: %(new)s new, %(update)s updated, %(skip)s unchanged.")
        self.stdout.write(text % {"file": path.name, **counts})
