import datetime as dt
import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from minutes.devtools.synthetic import ArchiveGenerator
from minutes.devtools.synthetic_words import ZipfWords


def iso_date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--anchor must be a date like 2026-03-04, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic archive: invented panels (all is_synthetic), people, memberships and "
        "years of meetings with agenda items, minute points, questions, resolutions, attendance and declarations. "
        "The same arguments and anchor date give the same archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--panels", type=int, default=3, help="How many panels (every sixth is a sub-committee).")
        parser.add_argument("--years", type=int, default=5, help="Years of meetings, ending with the anchor's year.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--items-per-meeting", type=int, default=8, help="Average agenda items per meeting.")
        parser.add_argument(
            "--points-per-item", type=int, default=6, help="Average minute points per item of a meeting with minutes."
        )
        parser.add_argument(
            "--anchor",
            type=iso_date,
            default=None,
            help="'Today' for the archive (YYYY-MM-DD; default: today). Meetings after it are upcoming agendas.",
        )
        parser.add_argument("--batch-points", type=int, default=20000, help="Minute points written per batch.")
        parser.add_argument(
            "--vocabulary",
            choices=["auto", "words", "templates"],
            default="auto",
            help="'words': most prose drawn by Zipf's law from Debian's wbritish word list (required); 'templates': "
            "the template sentences only; 'auto' (default): words when the list is installed, else templates, "
            "with a warning.",
        )

    def handle(self, *args, **options):
        anchor = options["anchor"]
        if isinstance(anchor, str):  # call_command(anchor="2026-03-04") skips the parser's type
            anchor = iso_date(anchor)
        words = self.vocabulary(options["vocabulary"], options["seed"])
        try:
            generator = ArchiveGenerator(
                panels=options["panels"],
                years=options["years"],
                seed=options["seed"],
                items_per_meeting=options["items_per_meeting"],
                points_per_item=options["points_per_item"],
                anchor=anchor,
                batch_points=options["batch_points"],
                progress=self.progress,
                words=words,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Generating {options['panels']} panels x {options['years']} years (seed {options['seed']}, "
            f"anchor {generator.anchor.isoformat()})."
        )
        stats = generator.run()
        self.stdout.write("")
        for line in stats.lines():
            self.stdout.write(line)
        # The generator writes in bulk, past the signals that store pages as clerks save: store them all here.
        started = time.monotonic()
        jobs = str(min(4, os.cpu_count() or 1))
        call_command("store_pages", "--all", "--jobs", jobs, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(f"Pages stored in {time.monotonic() - started:.1f} s.")

    def vocabulary(self, choice, seed):
        if choice == "templates":
            return None
        try:
            return ZipfWords(seed)
        except (OSError, ValueError) as error:
            if choice == "words":
                raise CommandError(str(error)) from None
            self.stderr.write(f"Warning: {error} Generating from the template sentences only.")
            return None

    def progress(self, done, total, stats):
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(
            f"\r[{bar}] {done:,}/{total:,} meetings, {stats.items:,} items, {stats.points:,} points",
            ending="",
        )
        self.stdout.flush()
