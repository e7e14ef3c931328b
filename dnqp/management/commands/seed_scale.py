"""``manage.py seed_scale --scale small|national``: synthetic data for benchmarks, with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from dnqp.core.cache import invalidate
from dnqp.data import scale as synthetic


class Command(BaseCommand):
    help = (
        "Load synthetic data (national: 3,000 commands, 1,500 partner units, 30,000 agreements, "
        "300,000 delegations, 300,000 activities, 1,000,000 support lines over 2005–2026). "
        "Replaces earlier synthetic data; refuses to run beside real data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=7, help="The same seed always gives the same data.")
        parser.add_argument("--force", action="store_true", help="Load even though the database holds real data.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, **options):
        database, name, seed = options["database"], options["scale"], options["seed"]
        beside_real = synthetic.has_real_data(database)
        if beside_real and not options["force"]:
            raise CommandError(
                "The database holds data that seed_scale did not write. Use a separate database for "
                "benchmarks, or pass --force to add synthetic data beside it."
            )
        started = time.monotonic()
        if synthetic.has_synthetic_data(database):
            self.stderr.write("Removing earlier synthetic data…")
            synthetic.delete_synthetic(database)
        counts = synthetic.load(synthetic.SCALES[name], seed, using=database, progress=not options["no_progress"])
        # Written without model signals: drop every cached report figure.
        invalidate()  # every cached figure
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{label}: {n:,}" for label, n in counts.items())
        note = " beside real data" if beside_real else ""
        self.stdout.write(self.style.SUCCESS(f"Loaded {name} scale, seed {seed}{note}, in {elapsed:.0f} s: {summary}"))
