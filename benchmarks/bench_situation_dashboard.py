"""Situational dashboard benchmark: a unit's dashboard over 10 years of monthly statistics.

Run: DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/safecity_bench2 \
     .venv/bin/python benchmarks/bench_situation_dashboard.py
(without DATABASE_URL: a fresh SQLite file in a temporary folder). Loads Stockholm's 117 areas,
writes 10 years × 12 months × 117 areas × 30 categories of counts (421,200 observations) and
times the unit coordinator's dashboard (all categories, one category, quarters, the map by
change) against a bare Django view in the same run; prints medians and ratios as Markdown.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--categories", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
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
    from django.urls import include, path
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safecity.organisation.loader import load
    from safecity.organisation.models import Area, Role, RoleAssignment, Unit, UnitPopulation
    from safecity.situation.models import Category, Dataset, Observation

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    load("stockholm")
    unit = Unit.objects.get(code="jarva")
    user = get_user_model().objects.create_user(username="bench.coordinator", password="x" * 20)
    RoleAssignment.objects.create(user=user, role=Role.UNIT_COORDINATOR, unit=unit)
    TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    for u in Unit.objects.all():
        UnitPopulation.objects.get_or_create(
            unit=u, year=timezone.localdate().year - 1, defaults={"population": 80_000}
        )

    dataset = Dataset.objects.create(code="bench-bra", name="Brå (bench)", kind=Dataset.Kind.REPORTED_CRIME)
    categories = [
        Category.objects.create(code=f"bench-{n}", name=f"Kategori {n}", name_en=f"Category {n}")
        for n in range(args.categories)
    ]
    areas = list(Area.objects.all())
    last_year = timezone.localdate().year
    rng = random.Random(1)
    started = time.perf_counter()
    batch = []
    for year in range(last_year - args.years + 1, last_year + 1):
        for month in range(1, 13):
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            for area in areas:
                for category in categories:
                    batch.append(
                        Observation(
                            dataset=dataset,
                            source_category=category.name,
                            category=category,
                            area=area,
                            place_key=f"area:{area.pk}",
                            granularity="month",
                            period_start=start,
                            period_end=end,
                            value=rng.randint(0, 12),
                            value_unit="count",
                        )
                    )
            if len(batch) >= 20_000:
                Observation.objects.bulk_create(batch, batch_size=5_000)
                batch = []
    Observation.objects.bulk_create(batch, batch_size=5_000)
    total = Observation.objects.count()
    fill_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def bare(request):
        return HttpResponse("ok")

    import safecity.urls as project_urls

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("bare/", bare), path("", include(project_urls.urlpatterns))]
    sys.modules["bench_urls"] = module

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()

    from django.urls import reverse

    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        base = reverse("situation:dashboard", args=[unit.pk])
        first = last_year - args.years + 1
        pages = [
            ("bare Django view (baseline)", "/bare/"),
            ("dashboard, police events (default)", base),
            (
                f"dashboard, statistics {first}–{last_year}, all categories, months",
                f"{base}?source={dataset.pk}&year_from={first}&year_to={last_year}&granularity=month",
            ),
            (
                "dashboard, statistics, one category, months",
                f"{base}?source={dataset.pk}&category={categories[3].pk}&year_from={first}&year_to={last_year}",
            ),
            (
                "dashboard, statistics, all categories, quarters, map by change",
                f"{base}?source={dataset.pk}&year_from={first}&year_to={last_year}&granularity=quarter&map_measure=change",
            ),
        ]
        results = []
        for label, url in pages:
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            results.append((label, statistics.median(times) * 1000))
    baseline = results[0][1]
    engine = connection.vendor
    version = connection.cursor().connection.info.server_version if engine == "postgresql" else ""
    print(
        f"\n### {engine} {version} — {total:,} observations ({args.years} years × 12 months × {len(areas)} areas × {args.categories} categories), filled in {fill_seconds:.0f} s"
    )
    print(f"Python {platform.python_version()}, {platform.machine()}, {args.repeat} requests per page\n")
    print("| page | median ms | × bare view |\n|---|---:|---:|")
    for label, ms in results:
        print(f"| {label} | {ms:.1f} | {ms / baseline:.1f} |")


if __name__ == "__main__":
    main()
