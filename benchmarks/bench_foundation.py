"""Foundation benchmark: public directory, role start page and the access log under a large log.

Run: make bench   (or: DEBUG=1 .venv/bin/python benchmarks/bench_foundation.py [--entries N])
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL if set to PostgreSQL), loads the
Stockholm organisation, writes N access-log entries, and times each page against a bare Django
view measured in the same run, reporting medians and ratios.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="safecity-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safecity.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safecity.core.models import AccessLogEntry
    from safecity.organisation.demo import load_demo
    from safecity.organisation.loader import load
    from safecity.organisation.models import Unit

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    load("stockholm")
    load_demo()
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.all())
    units = list(Unit.objects.all())
    started = time.perf_counter()
    batch = []
    for number in range(args.entries):
        user = users[number % len(users)]
        batch.append(
            AccessLogEntry(
                user=user,
                username=user.username,
                unit=units[number % len(units)],
                role="unit_coordinator",
                action="view",
                object_type=("organisation.unitpeople", "organisation.directory", "intake.signal")[
                    number % 3
                ],
                object_id=str(number),
            )
        )
        if len(batch) == 5000:
            AccessLogEntry.objects.bulk_create(batch)
            batch = []
    AccessLogEntry.objects.bulk_create(batch)
    fill_seconds = time.perf_counter() - started

    def bare(request):
        return HttpResponse("ok")

    import safecity.urls as project_urls

    urlpatterns = [path("bare/", bare), path("", include(project_urls.urlpatterns))]
    module = type(sys)("bench_urls")
    module.urlpatterns = urlpatterns
    sys.modules["bench_urls"] = module

    def client_for(username):
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    anonymous = Client()
    dpo = client_for("dpo")
    coordinator = client_for("coord.jarva")
    cases = [
        ("bare Django view (baseline)", anonymous, "/bare/"),
        ("public start page", anonymous, "/"),
        ("public directory, area chosen (map)", anonymous, "/organisation/vem-kontaktar-jag/?area=rinkeby"),
        ("coordinator start page", coordinator, "/start/"),
        ("internal directory", coordinator, "/organisation/katalog/"),
        ("access log, first page", dpo, "/atkomstlogg/"),
        (
            "access log, filtered by unit and type",
            dpo,
            f"/atkomstlogg/?unit={units[3].pk}&object_type=intake.signal",
        ),
        ("access log, page 1000", dpo, "/atkomstlogg/?page=1000"),
    ]
    results = []
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        for label, client, url in cases:
            assert client.get(url).status_code == 200, url  # warm-up and sanity
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            results.append((label, url, statistics.median(times) * 1000))
        t0 = time.perf_counter()
        response = dpo.get("/atkomstlogg.csv")
        size = sum(len(chunk) for chunk in response.streaming_content)
        csv_seconds = time.perf_counter() - t0

    baseline = results[0][2]
    vendor = connection.vendor
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, database {vendor}",
        f"Access-log entries: {args.entries:,} (written in {fill_seconds:.1f} s); {args.repeat} requests per page",
        "",
        "| page | median ms | × bare view |",
        "|---|---:|---:|",
    ]
    for label, _url, ms in results:
        lines.append(f"| {label} | {ms:.1f} | {ms / baseline:.1f} |")
    lines.append("")
    lines.append(
        f"CSV export of the whole log: {args.entries:,} rows, {size / 1e6:.1f} MB in {csv_seconds:.1f} s "
        f"({args.entries / csv_seconds:,.0f} rows/s), streamed."
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
