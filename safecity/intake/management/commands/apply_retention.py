"""Run retention once: warn about content coming due and delete what is due (docs/retention.md).

Meant for a daily cron job or systemd timer. Safe to run twice, and to run while the site serves.
"""

from django.core.management.base import BaseCommand

from safecity.intake import retention
from safecity.intake.models import RecordType
from safecity.intake.tasks import apply_retention_task


class Command(BaseCommand):
    help = "Warn about and delete signal content, messages and notice notes past their retention time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be warned about or deleted; change nothing.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Leave the work to a background worker (manage.py db_worker).",
        )

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if enqueue:
            result = apply_retention_task.enqueue()
            self.stdout.write(f"Retention enqueued as task {result.id}.")
            return
        outcome = retention.apply_retention(dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        for record_type in RecordType:
            self.stdout.write(
                f"{record_type.value}: {outcome.warned[record_type]} {verb} warned about, "
                f"{outcome.deleted[record_type]} {verb} deleted, {outcome.waiting[record_type]} wait for "
                f"the warning time, {outcome.held[record_type]} under legal hold"
            )
