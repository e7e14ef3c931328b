"""``manage.py load_demo``: demo data from the seed articles (idempotent)."""

import os

from django.core.management.base import BaseCommand

from dnqp.data.demo import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load demo data drawn from the seed articles: the Military Region 7 tree, partner units, agreements, "
        "delegations, activities and support. Running it again changes nothing. Demo users (one per role) are "
        "created only when DNQP_DEMO_PASSWORD is set."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DNQP_DEMO_PASSWORD") or None
        stats = load_demo(password=password)
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
