"""``manage.py load_demo``: the demo files of ``dnqp/data/demo/`` through the spreadsheet import (idempotent)."""

import os

from django.core.management.base import BaseCommand, CommandError

from dnqp.data.demo import DEMO_USERS, DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (dnqp/data/demo/, docs/DEMO.md) through the spreadsheet import: the Military Region 7 "
        "tree, partner units, agreements, delegations, activities and support, drawn from news articles. Running "
        "it again changes nothing. Demo users (one per role) are created only when DNQP_DEMO_PASSWORD is set."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DNQP_DEMO_PASSWORD") or None
        try:
            stats = load_demo(password=password)
        except DemoDataError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        for model, counts in stats.items():
            total = sum(counts.values())
            self.stdout.write(
                f"{model:<12} {total:>5}  (new {counts['created']}, changed {counts['updated']}, "
                f"unchanged {counts['unchanged']})"
            )
        if password:
            names = ", ".join(username for username, _role, _command in DEMO_USERS)
            self.stdout.write(f"Demo users (password from DNQP_DEMO_PASSWORD): {names}")
        else:
            self.stdout.write("No demo users: set DNQP_DEMO_PASSWORD to create one user per role.")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
