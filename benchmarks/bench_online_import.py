"""Online-content import benchmark: 100,000 posts and comments, checked, deduplicated, classified.

Run: make bench   (SQLite in a temporary folder), or
     DEBUG=1 .venv/bin/python benchmarks/bench_online_import.py [--rows N] [--quick-model]
     [--postgres [--database NAME] [--keep]]
With --postgres the script creates the PostgreSQL database (default safecity_bench_online) on
127.0.0.1 with psql, drops it first and again at the end unless --keep.

In one run: migrates, loads the Stockholm organisation, trains a classifier version with
`train_model` (the full model, or the quick one with --quick-model) and writes a CSV of N rows
(platform,url,time,text,author): sentences drawn from the shipped Swedish training data and the
Davidson (English) data, varied at random (a second sentence, a place, a number, an emoji, a
hashtag) so that no two texts are alike, every row with its own address. Then it times:

1. baseline (a): parse the file with the csv module and bulk-insert the same rows as online items
   (ORM, text encrypted as the model stores it) without any check or classification;
2. baseline (b), PostgreSQL only: raw COPY of the file into a plain table of text columns;
3. the import as an upload runs it (`safecity.online.tasks.run_import`: check every row, split off
   duplicates, classify, save in one transaction), with the time of each phase;
4. the same file again (every row a duplicate of a stored item).
Prints a Markdown section for docs/benchmarks.md.
"""

import argparse
import csv
import datetime as dt
import hashlib
import io
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
PLATFORMS = ["Facebook", "X", "Instagram", "TikTok", "Flashback", "YouTube", "Reddit"]
PLACES = ["Rinkeby", "Tensta", "Husby", "Kista", "Skärholmen", "Farsta", "Södermalm", "Vällingby"]
EXTRAS_SV = ["typ", "ärligt talat", "alltså", "lol", "som vanligt", "igen", "!!", "?", "...", "haha"]
EXTRAS_EN = ["tbh", "lol", "again", "as usual", "smh", "!!", "?", "...", "for real", "wtf"]
EMOJI = ["😡", "🙄", "😂", "👍", "🔥", "💯", "🤔", ""]


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run([*PSQL, "-d", database, "-c", sql], check=True)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sentences() -> tuple[list[str], list[str]]:
    """(Swedish, English) sample sentences from the shipped data."""
    data = ROOT / "safecity" / "online" / "data"
    with (data / "sv_training.csv").open(encoding="utf-8", newline="") as handle:
        swedish = [r["text"] for r in csv.DictReader(handle) if r.get("language") == "sv" and r["text"]]
    with (data / "davidson2017" / "labeled_data.csv").open(encoding="utf-8", newline="") as handle:
        english = []
        for r in csv.DictReader(handle):
            text = " ".join(r["tweet"].split())
            if text and len(text) < 280:
                english.append(text)
    return swedish, english


def vary(rng: random.Random, pool: list[str], extras: list[str]) -> str:
    text = rng.choice(pool)
    roll = rng.random()
    if roll < 0.25:
        text = f"{text} {rng.choice(pool)}"
    elif roll < 0.45:
        text = f"{rng.choice(PLACES)}: {text}"
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(extras)}"
    if rng.random() < 0.3:
        text = f"{text} #{rng.choice(PLACES).lower()}{rng.randint(1, 99)}"
    if rng.random() < 0.3:
        text = f"{text} {rng.choice(EMOJI)}"
    return f"{text} ({rng.randint(1, 10**6)})" if rng.random() < 0.2 else text


def write_csv(path: Path, rows: int, seed: int = 20261126) -> tuple[float, int]:
    """The CSV an analyst exports from a monitoring tool: about 60 % Swedish, 40 % English."""
    swedish, english = sentences()
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    chars = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["platform", "url", "time", "text", "author"])
        for number in range(rows):
            text = vary(rng, swedish, EXTRAS_SV) if rng.random() < 0.6 else vary(rng, english, EXTRAS_EN)
            chars += len(text)
            site = rng.choice(PLATFORMS)
            when = start + dt.timedelta(seconds=rng.randint(0, 300 * 86400))
            writer.writerow(
                [
                    site,
                    f"https://{site.lower()}.example.com/p/{number}/{rng.getrandbits(40):x}",
                    when.isoformat(),
                    text,
                    f"@user{rng.randint(1, 5000)}",
                ]
            )
    return chars / max(rows, 1), path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick-model", action="store_true", help="train the quick classifier (seconds)")
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL at 127.0.0.1")
    parser.add_argument("--database", default="safecity_bench_online", help="the PostgreSQL database")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="safecity-bench-online-"))
    if args.postgres:
        psql(f"DROP DATABASE IF EXISTS {args.database}")
        psql(f"CREATE DATABASE {args.database}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    os.environ["TASKS_IMMEDIATE"] = "0"  # the narrative suggestions after an import stay queued
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safecity.settings"
    import django

    django.setup()
    try:
        run(args, tmp)
    finally:
        if args.postgres and not args.keep:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {args.database}")


def run(args, tmp: Path) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count

    from safecity.online import importing
    from safecity.online.classifier.training import train_model
    from safecity.online.models import ContentImport, OnlineItem
    from safecity.online.tasks import run_import
    from safecity.organisation.models import Unit

    call_command("migrate", verbosity=0)
    call_command("load_organisation", "stockholm", stdout=io.StringIO())
    unit = Unit.objects.get(code="jarva")
    user = get_user_model().objects.create_user("bench", password="not-used-0123456789")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            vendor = f"PostgreSQL {cursor.fetchone()[0].split()[0]} (127.0.0.1)"
    else:
        import sqlite3

        vendor = f"SQLite {sqlite3.sqlite_version}"

    started = time.perf_counter()
    model_row = train_model(quick=args.quick_model)
    train_s = time.perf_counter() - started

    path = tmp / "inlagg.csv"
    started = time.perf_counter()
    mean_chars, size = write_csv(path, args.rows)
    generate_s = time.perf_counter() - started
    data = path.read_bytes()
    # The default upload limit is 20 MB; a file of 100,000 rows is about that size.
    settings.ONLINE_IMPORT_MAX_BYTES = max(importing.max_bytes(), len(data) + 1)
    settings.ONLINE_IMPORT_MAX_ROWS = max(importing.max_rows(), args.rows)
    loads = [os.getloadavg()[0]]

    # --- baseline (a): csv module + bulk insert, no check, no classification ------------------------
    started = time.perf_counter()
    items = []
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        items.append(
            OnlineItem(
                unit=unit,
                fingerprint=hashlib.sha256(row["url"].encode()).hexdigest(),
                platform=row["platform"],
                url=row["url"],
                posted_at=dt.datetime.fromisoformat(row["time"]),
                text=row["text"],
                author_hash=row["author"],
            )
        )
    with transaction.atomic():
        OnlineItem.objects.bulk_create(items, batch_size=importing.SAVE_BATCH)
    bulk_s = time.perf_counter() - started
    del items
    assert OnlineItem.objects.count() == args.rows
    OnlineItem.objects.all().delete()
    loads.append(os.getloadavg()[0])

    # --- baseline (b): raw COPY (PostgreSQL) --------------------------------------------------------
    copy_s = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_copy (platform text, url text, time text, text text, author text)"
            )
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            for start in range(0, len(data), 1 << 20):
                copy.write(data[start : start + (1 << 20)])
        copy_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM bench_copy")
            assert cursor.fetchone()[0] == args.rows
            cursor.execute("DROP TABLE bench_copy")

    # --- the real import, phase by phase ------------------------------------------------------------
    phases: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    for name in ("check", "split_duplicates", "build_items", "classify_items"):
        setattr(importing, name, timed(name, getattr(importing, name)))

    def upload(name):
        phases.clear()
        content = ContentImport.objects.create(unit=unit, uploaded_by=user, filename=name, file=data)
        before = rss_mb()
        t0 = time.perf_counter()
        result = run_import(content.pk)
        seconds = time.perf_counter() - t0
        assert result.status == ContentImport.Status.DONE, result.errors[:3]
        split = dict(phases)
        split["save"] = seconds - sum(split.values())
        return result, seconds, split, rss_mb() - before

    first, import_s, split, grew_mb = upload("inlagg.csv")
    loads.append(os.getloadavg()[0])
    assert (first.created, first.duplicates) == (args.rows, 0), (first.created, first.duplicates)
    assert OnlineItem.objects.filter(classified_at__isnull=False).count() == args.rows
    labels = {r["label"]: r["n"] for r in OnlineItem.objects.values("label").annotate(n=Count("pk"))}
    again, again_s, again_split, _grew = upload("inlagg (igen).csv")
    loads.append(os.getloadavg()[0])
    assert (again.created, again.duplicates) == (0, args.rows)

    # --- report --------------------------------------------------------------------------------------
    n = args.rows
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    model_kind = "quick" if args.quick_model else "full"
    lines = [
        f"### {vendor}",
        "",
        f"Machine: {platform.machine()}, {cpu}, {os.cpu_count()} cores (run on cores {affinity}), "
        f"Python {platform.python_version()}; load average (1 min) during the run "
        f"{min(loads):.2f}–{max(loads):.2f}.",
        f"Data: {n:,} rows, {size / 1e6:.1f} MB, {mean_chars:.0f} characters of text on average, "
        f"written in {generate_s:.1f} s. Classifier: the {model_kind} model (version {model_row.version}), "
        f"trained in {train_s:.1f} s before the timings. Labels given: "
        + ", ".join(f"{label or '-'} {count:,}" for label, count in sorted(labels.items()))
        + ".",
        "",
        "| what | rows | seconds | rows/s | × baseline (a) |",
        "|---|---:|---:|---:|---:|",
    ]
    if copy_s is not None:
        lines.append(
            f"| baseline (b): raw COPY into a plain table | {n:,} | {copy_s:.2f} | {n / copy_s:,.0f} | "
            f"{copy_s / bulk_s:.2f} |"
        )
    lines.append(
        f"| baseline (a): csv module + bulk insert, no check, no classification | {n:,} | {bulk_s:.1f} | "
        f"{n / bulk_s:,.0f} | 1.0 |"
    )
    lines.append(
        f"| import with classification (`run_import`) | {n:,} | {import_s:.1f} | {n / import_s:,.0f} | "
        f"{import_s / bulk_s:.1f} |"
    )
    lines.append(
        f"| the same file again (every row a duplicate) | {n:,} | {again_s:.1f} | {n / again_s:,.0f} | "
        f"{again_s / bulk_s:.1f} |"
    )
    if copy_s is not None:
        lines.append("")
        lines.append(f"The import takes {import_s / copy_s:,.0f} × the raw COPY.")
    lines += [
        "",
        "| phase of the import | seconds | share | seconds, same file again |",
        "|---|---:|---:|---:|",
    ]
    names = [
        ("check", "parse and check every row (incl. author hashing)"),
        ("split_duplicates", "duplicates (fingerprints, lookup of stored items)"),
        ("build_items", "build the items"),
        ("classify_items", "classification"),
        ("save", "save (bulk insert in one transaction, status)"),
    ]
    for key, label in names:
        lines.append(
            f"| {label} | {split.get(key, 0):.1f} | {split.get(key, 0) / import_s:.0%} | "
            f"{again_split.get(key, 0):.1f} |"
        )
    lines += [
        "",
        f"Memory: the process peaked at {rss_mb():,.0f} MB (maximum resident set size); the first "
        f"import raised the peak by {grew_mb:,.0f} MB.",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
