"""Competence benchmark: the coverage page with 18 units × 15 functions × 10 programmes × 5 years.

Run: DEBUG=1 .venv/bin/python benchmarks/bench_competence.py [--sessions-per-year N] [--repeat N]
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL if set to PostgreSQL), loads the
Stockholm organisation, writes headcounts for every unit × function × year and N sessions a year
for every unit × function × programme, then times the central coordinator's coverage page (the
city summary and one page of the 2,700 unit rows, another page, one unit chosen), a unit
coordinator's page, the XLSX export and the CSV of gaps against a bare Django view
measured in the same run, reporting medians, ratios and the number of queries. Ten named people
per unit attend every session of the unit's first function, so the de-duplication has rows to count.
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNITS, FUNCTIONS, PROGRAMMES, YEARS = 18, 15, 10, 5
ATTENDEES = 10  # named people per unit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions-per-year", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="safecity-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safecity.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import include, path
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safecity.competence.models import Headcount, Programme, Session
    from safecity.organisation.loader import load
    from safecity.organisation.models import City, Function, Role, RoleAssignment, Unit

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    load("stockholm")
    city = City.objects.get(code="stockholm")
    units = list(Unit.objects.exclude(kind=Unit.Kind.CENTRAL).order_by("pk")[:UNITS])
    for extra in range(FUNCTIONS - Function.objects.count()):
        Function.objects.create(city=city, code=f"bench-{extra}", name=f"Bench {extra}", position=100 + extra)
    functions = list(Function.objects.order_by("pk")[:FUNCTIONS])
    programmes = []
    for number in range(PROGRAMMES):
        programme = Programme.objects.create(code=f"p{number}", title=f"Program {number}", position=number)
        programme.target_functions.set(functions)
        programmes.append(programme)

    this_year = dt.date.today().year  # noqa: DTZ011 - a benchmark date
    started = time.perf_counter()
    Headcount.objects.bulk_create(
        Headcount(unit=u, function=f, year=this_year - y, number=50 + (u.pk * 7 + f.pk * 3) % 300)
        for u in units
        for f in functions
        for y in range(YEARS)
    )
    batch = []
    for u in units:
        for f in functions:
            for p in programmes:
                for y in range(YEARS):
                    for s in range(args.sessions_per_year):
                        batch.append(
                            Session(
                                date=dt.date(this_year - y, 1 + (s * 5 + p.pk) % 12, 1 + (u.pk + f.pk) % 28),
                                programme=p,
                                unit=u,
                                function=f,
                                format="classroom",
                                participants=1 + (u.pk + f.pk + p.pk + s) % 20,
                            )
                        )
                if len(batch) >= 5000:
                    Session.objects.bulk_create(batch)
                    batch = []
    Session.objects.bulk_create(batch)
    # Named attendance: ten people per unit, each named in every session of the unit's first function,
    # so the distinct-person counting (coverage.py) has real rows to de-duplicate.
    through = Session.attendees.through
    people = {
        u.pk: get_user_model().objects.bulk_create(
            get_user_model()(username=f"bench.{u.pk}.{n}", password="!") for n in range(ATTENDEES)
        )
        for u in units
    }
    links = []
    for session_id, unit_id in Session.objects.filter(function=functions[0]).values_list("pk", "unit_id"):
        links.extend(through(session_id=session_id, user_id=person.pk) for person in people[unit_id])
    through.objects.bulk_create(links, batch_size=5000)
    fill_seconds = time.perf_counter() - started
    session_count = Session.objects.count()
    named_count = through.objects.count()

    def person(username, role, unit):
        user = get_user_model().objects.create_user(username=username, password="bench-password-123")
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    central = person("bench.central", Role.CENTRAL_COORDINATOR, Unit.objects.get(kind=Unit.Kind.CENTRAL))
    coordinator = person("bench.unit", Role.UNIT_COORDINATOR, units[0])

    def bare(request):
        return HttpResponse("ok")

    import safecity.urls as project_urls

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("bare/", bare), path("", include(project_urls.urlpatterns))]
    sys.modules["bench_urls"] = module

    cases = [
        ("bare Django view (baseline)", Client(), "/bare/"),
        ("coverage, central coordinator (city summary + first page of 150 rows)", central, "/kompetens/"),
        ("coverage, central coordinator, page 10", central, "/kompetens/?page=10"),
        ("coverage, central coordinator, one unit chosen", central, f"/kompetens/?unit={units[0].code}"),
        ("coverage, unit coordinator (one unit)", coordinator, "/kompetens/"),
        ("coverage as XLSX, central coordinator (every row and gap)", central, "/kompetens/?format=xlsx"),
        ("gaps as CSV, central coordinator (every gap)", central, "/kompetens/?format=csv"),
    ]
    results = []
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        for label, client, url in cases:
            connection.queries_log.clear()  # the fill above filled the debug log to its limit
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url  # warm-up and sanity
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            results.append((label, statistics.median(times) * 1000, len(queries)))

    # The computation alone (the queries and the Python that joins them), without the page.
    from safecity.competence import coverage

    all_units = list(Unit.objects.exclude(kind=Unit.Kind.CENTRAL))
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        coverage.compute(all_units)
        times.append(time.perf_counter() - t0)
    compute_ms = statistics.median(times) * 1000

    baseline = results[0][1]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"database {connection.vendor}",
        f"{len(units)} units × {len(functions)} functions × {len(programmes)} programmes × {YEARS} years: "
        f"{session_count:,} sessions, {named_count:,} named attendances (written in {fill_seconds:.1f} s); "
        f"{args.repeat} requests per page",
        "",
        "| page | median ms | × bare view | queries |",
        "|---|---:|---:|---:|",
    ]
    for label, ms, count in results:
        lines.append(f"| {label} | {ms:.1f} | {ms / baseline:.1f} | {count} |")
    lines.append("")
    lines.append(f"coverage.compute for all units alone (no page): median {compute_ms:.1f} ms")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
