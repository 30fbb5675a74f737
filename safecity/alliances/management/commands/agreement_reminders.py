from django.core.management.base import BaseCommand

from safecity.alliances.actions import send_agreement_reminders


class Command(BaseCommand):
    help = (
        "E-mail a link to the unit coordinators 60 and 30 days before a partner agreement ends (once each)."
    )

    def handle(self, *args, **options):
        sent = send_agreement_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
