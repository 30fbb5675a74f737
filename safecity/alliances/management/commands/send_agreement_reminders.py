"""Daily: e-mail the responsible unit's coordinators a link before a partner agreement ends.

Safe to run as often as you like: each reminder (60 and 30 days before the end) is recorded on the
agreement when it is sent and never sent again for the same end date. See docs/background-jobs.md.
"""

from django.core.management.base import BaseCommand

from safecity.alliances.actions import REMINDER_DAYS, send_agreement_reminders


class Command(BaseCommand):
    help = (
        f"E-mail a link to the unit coordinators {' and '.join(map(str, REMINDER_DAYS))} days "
        "before a partner agreement ends (once each)."
    )

    def handle(self, *args, **options):
        sent = send_agreement_reminders()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{sent} reminder(s) sent")
