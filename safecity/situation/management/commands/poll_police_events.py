import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safecity.situation.police import EVENTS_URL, MIN_INTERVAL, Poller


class Command(BaseCommand):
    help = (
        "Fetch the police's latest events and add them to the city's archive, within the published "
        "rules: a User-Agent naming the service, at least 10 s between calls, at most 60 calls an hour "
        "and 1,440 a day (counted in the database, across runs and processes); a 404 stops polling "
        "that address for good. Run it from cron every few minutes, or with --every to keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default=EVENTS_URL)
        parser.add_argument("--user-agent", default=None, help="default: names the city and the service")
        parser.add_argument(
            "--every", type=int, default=0, help="keep polling, this many seconds apart (at least 60)"
        )
        parser.add_argument("--times", type=int, default=0, help="with --every: stop after this many calls")

    def handle(self, *args, url, user_agent, every, times, **options):
        if every and every < 60:
            raise CommandError("--every must be at least 60 seconds: the archive needs no more.")
        poller = Poller(url=url, user_agent=user_agent)
        done = 0
        while True:
            result = poller.poll(wait=True)
            stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{stamp} {result.outcome}: {result.message}")
            done += 1
            if result.outcome == "gone":
                raise CommandError(result.message)
            if not every or (times and done >= times):
                if result.outcome in {"failed", "hourly_limit", "daily_limit"} and not every:
                    raise CommandError(result.message)
                return
            pause = every
            if result.next_allowed_at is not None:
                pause = max(pause, (result.next_allowed_at - timezone.now()).total_seconds())
            time.sleep(max(pause, MIN_INTERVAL.total_seconds()))
