"""Situational picture benchmark: 1,000,000 statistics rows and 100,000 police events into PostgreSQL.

Run: DEBUG=1 .venv/bin/python benchmarks/bench_situation_import.py [--rows N] [--events N] [--orm]
     [--database NAME] [--keep]
Creates the database (default safecity_bench) with psql (dropped first, and again at the end unless --keep),
migrates, loads the Stockholm organisation and then, in the same run:

1. writes a Brå-style CSV (cp1252, ";", decimal commas) of N rows: 117 areas x 30 crime types x
   monthly periods, with a count and a rate column;
2. baseline: raw COPY of that file into a plain table of text columns;
3. imports it as a coordinator's upload does (the background task: check every row, then save
   all rows in one transaction with bulk upserts, progress on the job), then imports the same file
   again (recognised by its hash) and the same figures in a file with another hash (every row an
   update);
4. generates 100,000 police events as the API writes them; baseline: parse the JSON and COPY the
   fields into a plain table; then the real import (parse, place, group, insert), and the same
   events again (all unchanged).
Prints a Markdown section for docs/benchmarks.md.
"""

import argparse
import datetime as dt
import json
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
TYPES = [
    "Misshandel",
    "Misshandel, grov",
    "Olaga hot",
    "Ofredande",
    "Hets mot folkgrupp",
    "Skadegörelse",
    "Klotter",
    "Stöld",
    "Inbrott i bostad",
    "Rån",
    "Narkotikabrott",
    "Vapenbrott",
    "Mord och dråp",
    "Våldtäkt",
    "Sexuellt ofredande",
    "Bedrägeri",
    "Bilbrand",
    "Mordbrand",
    "Upplopp",
    "Våldsamt upplopp",
    "Explosion",
    "Allmänfarlig ödeläggelse",
    "Olaga intrång",
    "Trakasserier",
    "Hot mot tjänsteman",
    "Våld mot tjänsteman",
    "Ringa stöld",
    "Cykelstöld",
    "Fickstöld",
    "Övriga brott",
]


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run([*PSQL, "-d", database, "-c", sql], check=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument(
        "--database", default="safecity_bench", help="a PostgreSQL database to create and drop"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--orm", action="store_true", help="also import through bulk_create, the path SQLite takes (slow)"
    )
    args = parser.parse_args()
    database = args.database

    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}")
    tmp = Path(tempfile.mkdtemp(prefix="safecity-bench-situation-"))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safecity.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from safecity.core.models import Job
    from safecity.organisation.loader import load
    from safecity.organisation.models import Area
    from safecity.situation import importing
    from safecity.situation.models import ColumnMapping, Dataset, ImportRun, Observation, PoliceEvent
    from safecity.situation.police import import_payload
    from safecity.situation.setup import load_area_names
    from safecity.situation.tasks import JobProgress, import_table

    checked_at: list[float] = []
    original_saving = JobProgress.saving

    def saving(self, total):  # when the check ends and the saving starts, for the report
        checked_at.append(time.perf_counter())
        original_saving(self, total)

    JobProgress.saving = saving

    try:
        call_command("migrate", verbosity=0)
        load("stockholm")
        load_area_names("stockholm")
        user = get_user_model().objects.create_user("bench", password="not-used-0123456789")
        server = connection.cursor().connection.info.parameter_status("server_version")
        results = []

        # --- statistics ------------------------------------------------------------------------
        areas = list(Area.objects.order_by("name").values_list("name", flat=True))
        combos = len(areas) * len(TYPES)
        months = -(-args.rows // combos)
        path = tmp / "brott.csv"
        started = time.perf_counter()
        with path.open("w", encoding="cp1252", newline="") as out:
            out.write("Anmälda brott per stadsdel och månad (genererade för mätningen)\r\n")
            out.write("Område;Brottstyp;Månad;Antal;Per 100 000 inv.\r\n")
            written = 0
            rng = random.Random(7)
            for month in range(months):
                year, number = 2000 + month // 12, month % 12 + 1
                for area in areas:
                    for crime in TYPES:
                        if written == args.rows:
                            break
                        count = rng.randint(0, 400)
                        out.write(
                            f"{area};{crime};{year}-{number:02d};{count};{count * 7.31:.1f}".replace(".", ",")
                            + "\r\n"
                        )
                        written += 1
        size_mb = path.stat().st_size / 1e6
        generate_s = time.perf_counter() - started

        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_copy (omrade text, brottstyp text, manad text, antal text, rate text)"
            )
        started = time.perf_counter()
        with connection.cursor() as cursor, path.open("rb") as data:
            data.readline()  # the title row above the header
            with cursor.copy(
                "COPY bench_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'WIN1252')"
            ) as copy:
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
        copy_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM bench_copy")
            assert cursor.fetchone()[0] == args.rows

        dataset = Dataset.objects.create(
            code="bra-bench", name="Brå (mätning)", kind=Dataset.Kind.REPORTED_CRIME
        )
        ColumnMapping.objects.create(
            dataset=dataset,
            place_column="Område",
            category_column="Brottstyp",
            period_column="Månad",
            value_column="Antal",
        )

        phases = {}

        def upload(file_path: Path, name: str) -> tuple[ImportRun, float, float]:
            before = peak_mb()
            started = time.perf_counter()
            checked_at.clear()
            with file_path.open("rb") as handle:
                run = importing.new_run(
                    File(handle, name=name),
                    name,
                    kind="statistics",
                    dataset=dataset,
                    origin="command",
                    user=user,
                )
            run.mapping = dataset.column_mapping.snapshot()
            run.save(update_fields=["mapping"])
            job = Job.objects.create(kind="situation.import", label=name, created_by=user)
            import_table.func(job.pk, run.pk, "sv")
            seconds = time.perf_counter() - started
            if checked_at:
                phases[name] = (checked_at[0] - started, seconds - (checked_at[0] - started))
            run.refresh_from_db()
            return run, seconds, peak_mb() - before

        first, import_s, grew_mb = upload(path, "brott.csv")
        assert first.state == ImportRun.State.DONE, first.errors[:3]
        assert Observation.objects.filter(dataset=dataset).count() == args.rows
        same, same_s, _grew = upload(path, "brott (kopia).csv")
        assert same.state == ImportRun.State.UNCHANGED
        other = tmp / "brott-igen.csv"
        other.write_bytes(path.read_bytes() + b"\r\n")
        again, again_s, _grew = upload(other, "brott-igen.csv")
        assert again.state == ImportRun.State.DONE and again.created_count == 0, again.errors[:3]

        if args.orm:
            importing.USE_COPY = False
            dataset = Dataset.objects.create(
                code="bra-orm", name="Brå (ORM)", kind=Dataset.Kind.REPORTED_CRIME
            )
            ColumnMapping.objects.create(
                dataset=dataset,
                place_column="Område",
                category_column="Brottstyp",
                period_column="Månad",
                value_column="Antal",
            )
            orm, orm_s, _grew = upload(path, "brott-orm.csv")
            assert orm.state == ImportRun.State.DONE and orm.created_count == args.rows
            importing.USE_COPY = True

        results.append(("raw COPY of the file into a plain table (baseline)", args.rows, copy_s))
        results.append(("import: check every row, then save all (new rows)", args.rows, import_s))
        if args.orm:
            results.append(("the same import saved with bulk_create (the SQLite path)", args.rows, orm_s))
        results.append(("the same file again (same hash: not read)", args.rows, same_s))
        results.append(("the same figures, another file (every row an update)", args.rows, again_s))

        # --- police events -----------------------------------------------------------------------
        sample = json.loads((ROOT / "safecity/situation/data/demo/events_2025-06-07.json").read_text())
        places = [item["location"] for item in sample]
        types = [item["type"] for item in sample]
        rng = random.Random(11)
        start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        events = []
        for number in range(args.events):
            at = start + dt.timedelta(minutes=5 * number)
            local = at.astimezone(dt.timezone(dt.timedelta(hours=1)))
            location = (
                {"name": "Stockholm", "gps": "59.329324,18.068581"}
                if number % 10 == 0
                else rng.choice(places)
            )
            summary = (
                f"Händelse {number} i {rng.choice(areas)}."
                if location["name"] == "Stockholm"
                else "Händelse."
            )
            events.append(
                {
                    "id": 1_000_000 + number,
                    "datetime": f"{local:%Y-%m-%d} {local.hour}:{local:%M:%S} +01:00",
                    "name": f"{local.day:02d} januari {local:%H.%M}, {rng.choice(types)}, {location['name']}",
                    "summary": summary,
                    "url": f"/aktuellt/handelser/{number}/",
                    "type": rng.choice(types),
                    "location": location,
                }
            )
        payload = json.dumps(events, ensure_ascii=False).encode()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_events (id bigint, datetime text, name text, summary text, url text, "
                "type text, location text, gps text)"
            )
        started = time.perf_counter()
        with connection.cursor() as cursor:
            with cursor.copy("COPY bench_events FROM STDIN") as copy:
                for item in json.loads(payload):
                    copy.write_row(
                        (
                            item["id"],
                            item["datetime"],
                            item["name"],
                            item["summary"],
                            item["url"],
                            item["type"],
                            item["location"]["name"],
                            item["location"]["gps"],
                        )
                    )
        events_copy_s = time.perf_counter() - started
        started = time.perf_counter()
        _run, counts = import_payload(payload, "events.json", origin="command")
        events_s = time.perf_counter() - started
        assert counts.created == args.events
        started = time.perf_counter()
        _run, counts_again = import_payload(payload, "events-again.json", origin="command")
        events_again_s = time.perf_counter() - started
        assert counts_again.unchanged == args.events
        placed = PoliceEvent.objects.filter(level="area").count()
        in_city = PoliceEvent.objects.filter(municipality_code="0180").count()

        # --- report --------------------------------------------------------------------------------
        lines = [
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PostgreSQL {server} (127.0.0.1); {dt.datetime.now(dt.UTC):%Y-%m-%d}",
            f"Statistics file: {args.rows:,} rows, {size_mb:.1f} MB (cp1252, ';', decimal commas; "
            f"{len(areas)} areas x {len(TYPES)} crime types x {months} months; generated in {generate_s:.1f} s)",
            "",
            "| statistics, 1 file | rows | seconds | rows/s | × COPY |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, rows, seconds in results:
            lines.append(
                f"| {label} | {rows:,} | {seconds:.1f} | {rows / seconds:,.0f} | {seconds / copy_s:.1f} |"
            )
        check_s, save_s = phases["brott.csv"]
        lines += [
            "",
            f"The first import: {check_s:.1f} s to store the upload and check every row (streaming the checked rows "
            f"into a temporary table), {save_s:.1f} s to save them in one transaction.",
            "",
            f"Memory: the import's peak grew the process by {grew_mb:.0f} MB (the file is streamed in chunks of "
            f"{importing.CHUNK_ROWS:,} rows; only a hash per row is kept to find repeated rows).",
            "",
            "| police events | events | seconds | events/s | × COPY |",
            "|---|---:|---:|---:|---:|",
            f"| parse the JSON and COPY the fields into a plain table (baseline) | {args.events:,} | {events_copy_s:.1f} "
            f"| {args.events / events_copy_s:,.0f} | 1.0 |",
            f"| import: parse, place, group, insert | {args.events:,} | {events_s:.1f} | {args.events / events_s:,.0f} "
            f"| {events_s / events_copy_s:.1f} |",
            f"| the same events again (all unchanged) | {args.events:,} | {events_again_s:.1f} "
            f"| {args.events / events_again_s:,.0f} | {events_again_s / events_copy_s:.1f} |",
            "",
            f"{placed:,} of the {in_city:,} generated Stockholm events were placed in an area from their text "
            "(the others name two areas or none).",
        ]
        print("\n".join(lines))
    finally:
        connection.close()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {database}")


if __name__ == "__main__":
    main()
