"""Action plans benchmark: the status board, the city overview and its measure list under ten years of plans.

Run: make bench   (or: DEBUG=1 .venv/bin/python benchmarks/bench_plans.py [--units 18 --years 10 --measures 60])
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL if set, e.g. PostgreSQL; the database
must hold no planning years yet). Loads the Stockholm organisation and plan configuration, writes
units × years plans with `--measures` measures each (themes, focus areas, target groups, carried over
from last year's plan), four indicators per measure with three values a year (T1, T2, annual: twelve
values per measure and year), progress precomputed as the platform stores it; all with bulk_create.
Then times each page against a bare Django view measured in the same run: medians and ratios, and
the median CPU time of this (the web) process, which other work on a shared machine disturbs less;
it leaves out the database server's own time on PostgreSQL.
`--keep` leaves the SQLite file in place and prints its path (for screenshots with a dev server).
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 2000


def fill(units_wanted: int, years_wanted: int, per_plan: int) -> dict:
    """Write the plans, measures, relations, indicators and values; returns counts."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from safecity.organisation.models import City, Unit
    from safecity.plans.models import (
        FocusArea,
        Guideline,
        Indicator,
        IndicatorValue,
        Measure,
        MeasureStatus,
        Period,
        Plan,
        PlanningYear,
        PlanTemplate,
        PreventionLevel,
        TargetGroup,
        Theme,
    )

    if PlanningYear.objects.exists():
        sys.exit("bench_plans: the database already holds planning years; use an empty database.")
    city = City.objects.get(code="stockholm")
    central = get_user_model().objects.get(username="central")
    template = PlanTemplate.objects.filter(city=city).order_by("-version").first()
    guideline = Guideline.objects.filter(city=city).order_by("-version").first()
    statuses = {s.code: s for s in MeasureStatus.objects.filter(city=city)}
    themes = list(Theme.objects.order_by("number"))
    areas = list(FocusArea.objects.filter(city=city))
    groups = list(TargetGroup.objects.filter(city=city))
    kinds = [Unit.Kind.DISTRICT, Unit.Kind.SPECIALIST]
    # Eighteen administrations with plans: Järva (formed 2023) in place of Rinkeby-Kista.
    units = list(Unit.objects.filter(city=city, kind__in=kinds).exclude(code="rinkeby-kista"))[:units_wanted]
    this_year = timezone.localdate().year
    years = list(range(this_year - years_wanted + 1, this_year + 1))
    planning_years = PlanningYear.objects.bulk_create(
        PlanningYear(
            city=city,
            year=year,
            template=template,
            guideline=guideline,
            opened_by=central,
            board_due=dt.date(year, 2, 28),
            review_due=dt.date(year, 3, 31),
            approval_due=dt.date(year, 4, 30),
            t1_due=dt.date(year, 5, 31),
            t2_due=dt.date(year, 9, 30),
            annual_due=dt.date(year + 1, 2, 15),
        )
        for year in years
    )
    now = timezone.now()
    cycle = [value for value, _label in Plan.Status.choices]
    status_cycle = [
        "planned",
        "started",
        "ongoing",
        "largely-done",
        "done",
        "ongoing",
        "started",
        "cancelled",
    ]
    levels = [value for value, _label in PreventionLevel.choices]
    previous_plans: dict[int, Plan] = {}
    previous_measures: dict[tuple[int, int], int] = {}
    counts = dict.fromkeys(["plans", "measures", "relations", "indicators", "values"], 0)
    for number, planning_year in enumerate(planning_years):
        last = number == len(planning_years) - 1
        plans = Plan.objects.bulk_create(
            Plan(
                year=planning_year,
                unit=unit,
                status=cycle[index % len(cycle)] if last else Plan.Status.FOLLOW_UP,
                previous=previous_plans.get(unit.pk),
                status_changed_at=now - dt.timedelta(days=3 * index + 1),
            )
            for index, unit in enumerate(units)
        )
        counts["plans"] += len(plans)
        measures = []
        for plan in plans:
            for i in range(per_plan):
                code = status_cycle[(i + number) % len(status_cycle)]
                state = statuses[code]
                manual = (i * 7) % 101 if i % 5 == 0 and state.default_progress is not None else None
                progress = manual if manual is not None else state.default_progress
                # Every tenth measure is new each year; the rest carry on from last year's.
                carried = previous_measures.get((plan.unit_id, i)) if i % 10 else None
                measures.append(
                    Measure(
                        plan=plan,
                        position=i,
                        title=f"Åtgärd {i + 1}: {('Föräldraträffar', 'Nätvandring', 'Skolprogram', 'Utbildning')[i % 4]}",
                        description="Beskrivning av åtgärden.",
                        prevention_level=levels[i % len(levels)],
                        status=state,
                        manual_progress=manual,
                        progress=progress,
                        weight=Decimal(1 + i % 3),
                        carried_from_id=carried,
                    )
                )
        Measure.objects.bulk_create(measures, batch_size=BATCH)
        counts["measures"] += len(measures)
        previous_plans = {plan.unit_id: plan for plan in plans}
        previous_measures = {(m.plan.unit_id, m.position): m.pk for m in measures}

        through_themes, through_areas, through_groups = [], [], []
        for m in measures:
            i = m.position
            # Leave a few gaps: theme 2 skips every fourth unit.
            chosen = {themes[i % 4].pk}
            if i % 3 == 0:
                chosen.add(themes[(i + 1) % 4].pk)
            if m.plan.unit_id % 4 == 0:
                chosen.discard(themes[1].pk)
            through_themes += [Measure.themes.through(measure_id=m.pk, theme_id=t) for t in chosen]
            through_areas.append(Measure.focus_areas.through(measure_id=m.pk, focusarea_id=areas[i % 3].pk))
            through_groups.append(
                Measure.target_groups.through(measure_id=m.pk, targetgroup_id=groups[i % len(groups)].pk)
            )
        for rows in (through_themes, through_areas, through_groups):
            rows[0].__class__.objects.bulk_create(rows, batch_size=BATCH)
            counts["relations"] += len(rows)

        indicators = [
            Indicator(measure=m, name=f"Indikator {k + 1}", unit="st", baseline=10, target=40)
            for m in measures
            for k in range(4)
        ]
        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        counts["indicators"] += len(indicators)
        values = [
            IndicatorValue(
                indicator=indicator, year=planning_year.year, period=period, value=Decimal(10 + p * 5)
            )
            for indicator in indicators
            for p, period in enumerate(Period.values)
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        counts["values"] += len(values)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=18)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--measures", type=int, default=60, help="measures per plan")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and print its path")
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
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safecity.organisation.demo import load_demo
    from safecity.organisation.loader import load
    from safecity.organisation.models import Unit
    from safecity.plans.models import Plan, PlanningYear, TargetGroup, Theme
    from safecity.plans.setup import load_plan_setup

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    load("stockholm")
    load_demo()
    load_plan_setup("stockholm")
    started = time.perf_counter()
    counts = fill(args.units, args.years, args.measures)
    fill_seconds = time.perf_counter() - started

    def bare(request):
        return HttpResponse("ok")

    import safecity.urls as project_urls

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("bare/", bare), path("", include(project_urls.urlpatterns))]
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

    central = client_for("central")
    manager = client_for("manager.jarva")
    year = PlanningYear.objects.order_by("-year").first()
    jarva = Unit.objects.get(code="jarva")
    theme = Theme.objects.get(number=1)
    youth = TargetGroup.objects.get(code="youth")
    plan = Plan.objects.get(year=year, unit=jarva)
    cases = [
        ("bare Django view (baseline)", Client(), "/bare/"),
        ("start page, logged in (session saved on every request)", central, "/start/"),
        ("status board", central, "/planer/status/"),
        ("status board, sorted by lateness", central, "/planer/status/?sort=late"),
        ("overview, units × themes", central, "/planer/oversikt/"),
        ("overview, by focus area", central, "/planer/oversikt/?by=focus"),
        ("overview, by prevention level (manager)", manager, "/planer/oversikt/?by=level"),
        (
            "overview, filtered (districts, target group, every status)",
            central,
            f"/planer/oversikt/?kind=district&target_group={youth.pk}&status=all",
        ),
        ("measure list, one cell", central, f"/planer/oversikt/atgarder/?unit={jarva.pk}&theme={theme.pk}"),
        ("measure list, every active measure (page 1)", central, "/planer/oversikt/atgarder/"),
        ("measure list, every status, page 10", central, "/planer/oversikt/atgarder/?status=all&page=10"),
        ("plan compared with last year's", central, f"/planer/{plan.pk}/jamfor/"),
    ]
    results = []
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        for label, client, url in cases:
            assert client.get(url).status_code == 200, url  # warm-up and sanity
            times, cpu = [], []
            for _ in range(args.repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                client.get(url)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            results.append((label, statistics.median(times) * 1000, statistics.median(cpu) * 1000))

    baseline = results[0][1]
    database = connection.vendor
    if database == "postgresql":
        database += f" {connection.pg_version // 10000}"
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"database {database}",
        f"Data: {args.units} units × {args.years} years × {args.measures} measures: {counts['plans']:,} plans, "
        f"{counts['measures']:,} measures, {counts['relations']:,} theme/focus/target-group links, "
        f"{counts['indicators']:,} indicators, {counts['values']:,} indicator values "
        f"(written in {fill_seconds:.1f} s); {args.repeat} requests per page",
        "",
        "| page | median ms | × bare view | median CPU ms (web process) |",
        "|---|---:|---:|---:|",
    ]
    for label, ms, cpu_ms in results:
        lines.append(f"| {label} | {ms:.1f} | {ms / baseline:.1f} | {cpu_ms:.1f} |")
    print("\n".join(lines))
    if args.keep:
        print(f"\nDatabase kept: DATABASE_URL={os.environ['DATABASE_URL']}")


if __name__ == "__main__":
    main()
