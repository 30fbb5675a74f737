"""Safe City profile benchmark: the public profile, good practice, the JSON export and the hub.

Run: make bench   (or: DEBUG=1 .venv/bin/python benchmarks/bench_profile.py [--repeat N])
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL if set, e.g. PostgreSQL), loads the
Stockholm organisation, the plan set-up, the demo accounts and plans (`load_demo`), the published
demo profile with its good practices (`load_profile_demo`) and the fictional hub cities
(`load_hub_demo`), then requests each page N times through Django's test client (full middleware
stack, session, CSP, access log) after one warm-up request, against a bare Django view through the
same middleware measured in the same run. Prints median and p95 and their ratios to the bare view.
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


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="safecity-bench-profile-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "1")
    os.environ["MEDIA_ROOT"] = f"{tmp}/media"
    os.environ["DJANGO_SETTINGS_MODULE"] = "safecity.settings"
    import django

    django.setup()
    from io import StringIO

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safecity.network.models import GoodPractice, HubProfile

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.perf_counter()
    out = StringIO()
    call_command("migrate", verbosity=0)
    for command, *rest in (
        ("load_organisation", "stockholm"),
        ("load_plan_setup", "stockholm"),
        ("load_demo",),
        ("load_profile_demo",),
        ("load_hub_demo",),
    ):
        call_command(command, *rest, stdout=out)
    load_seconds = time.perf_counter() - started

    def bare(request):
        return HttpResponse("ok")

    import safecity.urls as project_urls

    module = type(sys)("bench_profile_urls")
    module.urlpatterns = [path("bare/", bare), path("", include(project_urls.urlpatterns))]
    sys.modules["bench_profile_urls"] = module

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
    central = client_for("central")
    cases = [
        ("bare Django view (baseline)", anonymous, "/bare/"),
        ("public profile `/profil/`", anonymous, "/profil/"),
        ("public good-practice list `/profil/goda-exempel/`", anonymous, "/profil/goda-exempel/"),
        ("export `/profil/profil.json`", anonymous, "/profil/profil.json"),
        ("hub comparison `/profil/natverk/` (central coordinator)", central, "/profil/natverk/"),
    ]
    results = []
    with override_settings(ROOT_URLCONF="bench_profile_urls", ALLOWED_HOSTS=["testserver"]):
        for label, client, url in cases:
            response = client.get(url)  # warm-up and sanity
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            results.append((label, statistics.median(times), p95(times), size, len(queries)))

    base_median, base_p95 = results[0][1], results[0][2]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            vendor = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        import sqlite3

        vendor = f"SQLite {sqlite3.sqlite_version}"
    load = os.getloadavg()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        f"Machine: {platform.machine()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {vendor}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end",
        f"Data loaded in {load_seconds:.1f} s: {GoodPractice.objects.count()} good practices, "
        f"{HubProfile.objects.count()} hub cities; {args.repeat} requests per page",
        "",
        "| page | bytes | queries | median ms | p95 ms | median × bare | p95 × bare |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, median, high, size, count in results:
        lines.append(
            f"| {label} | {size:,} | {count} | {median:.1f} | {high:.1f} | {median / base_median:.1f} | "
            f"{high / base_p95:.1f} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
