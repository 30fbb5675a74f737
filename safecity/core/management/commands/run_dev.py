"""`make run`: the development web server and one background worker, stopped together by Ctrl+C."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV


class Command(BaseCommand):
    help = "Run the development server and one db_worker; both stop when the server stops."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="Do not restart on code changes.")

    def handle(self, *args, addrport, noreload, **options):
        # runserver's reloader runs this command again in a child process; only the first starts a worker.
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            call_command("runserver", addrport, use_reloader=not noreload)
            return
        worker = start_worker(reload=not noreload)
        # `make` and service managers stop us with SIGTERM; turn it into a normal exit so `finally` runs.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", addrport, use_reloader=not noreload)
        except KeyboardInterrupt:
            pass
        finally:
            stop_worker(worker)


def start_worker(*, reload: bool) -> subprocess.Popen:
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", "--interval", "1"]
    command.append("--reload" if reload else "--no-reload")
    # Its own process group, so stopping it also stops the child its reloader starts.
    return subprocess.Popen(command, start_new_session=True)  # noqa: S603 - our own interpreter and manage.py


def stop_worker(worker: subprocess.Popen, timeout: float = 10) -> None:
    if worker.poll() is not None:
        return
    try:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    except ProcessLookupError:
        pass
