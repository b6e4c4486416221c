from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes.models import Meeting
from minutes.output import pdf


class Command(BaseCommand):
    help = (
        "Write the printed minutes of one or more meetings to PDF files (any status: unpublished minutes carry the "
        "'Not published — preview' mark, draft minutes the draft mark)."
    )

    def add_arguments(self, parser):
        parser.add_argument("meetings", nargs="+", type=int, metavar="MEETING_PK")
        target = parser.add_mutually_exclusive_group()
        target.add_argument(
            "--output-dir", "-d", type=Path, help="Directory for the files, named as the site serves them (default: .)"
        )
        target.add_argument("--output", "-o", type=Path, help="The file to write, when exporting one meeting.")

    def handle(self, *args, meetings, output_dir, output, **options):
        if output and len(meetings) > 1:
            raise CommandError("--output names one file: use --output-dir to export several meetings.")
        found = Meeting.objects.for_meeting_page().in_bulk(meetings)
        missing = [str(pk) for pk in meetings if pk not in found]
        if missing:
            raise CommandError(f"No meeting with pk {', '.join(missing)}.")
        output_dir = output_dir or Path(".")
        if not output:
            output_dir.mkdir(parents=True, exist_ok=True)
        for pk in meetings:
            meeting = found[pk]
            path = output or output_dir / pdf.filename(meeting)
            path.write_bytes(pdf.meeting_pdf_bytes(meeting))
            self.stdout.write(f"{meeting}: {path}")
