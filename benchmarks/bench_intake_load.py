"""Load benchmark of the public signal form: anonymous citizens submitting signals, against gunicorn and
PostgreSQL, with a bare view measured in the same run as the baseline.

Run:
    .venv/bin/python benchmarks/bench_intake_load.py [--clients 50] [--seconds 60] [--workers 4]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/safecity_bench; the database is created
if it is missing, migrated, and the Stockholm organisation and the demo accounts are loaded if they
are missing (so new signals notify the demo coordinators, as in production). Without a reachable
PostgreSQL the script says so and exits (0, so `make bench` goes on).

gunicorn (`--workers` sync workers) serves the site on a free local port with the production settings
(DEBUG off), except: rate limits off (RATELIMIT_ENABLE=0: every client comes from 127.0.0.1), e-mail
kept in memory, plain http, and one extra URL, /bench/bare/, a view returning "ok" through the same
middleware. The load generator is this process: `--clients` threads with urllib, each looping
without pause.

1. Baseline: every client GETs /bench/bare/ for --baseline-seconds.
2. Submissions: every client GETs the report form (/rapportera/), takes the CSRF token and the
   form's nonce from it, and POSTs a signal (kind, date, area, milieu, a description without personal
   data; no photo) as a member of the public, for --seconds. A submission is accepted when the
   receipt page with its code comes back.

Checks: no server error (5xx) and no failed connection; the signals stored in the database during
the run equal the accepted submissions. Prints the figures and a Markdown table (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/safecity_bench"
# The development key (settings.py with DEBUG on): the other benchmarks write the same database with it.
DEV_KEY = "cC8Lz0y0bq2xq4nV6kC1uE0vJcQGm6e1oZr3pQp4W4k="

SITE_SETTINGS = """
from safecity.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
# No collectstatic for a benchmark: pages link to static files by their plain names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
"""
SITE_URLS = """
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("safecity.urls"))]
"""

KINDS = ["propaganda", "recruitment", "threat", "online_hate", "facility_incident", "other"]
MILIEUS = ["right_wing", "left_wing", "islamist", "other", "unknown"]
DESCRIPTIONS = [
    "Klistermärken med nazistiska symboler på busshållplatsen vid torget.",
    "Affischer från en våldsbejakande grupp uppsatta på anslagstavlan vid biblioteket.",
    "Någon delade ut flygblad utanför skolan och pratade med eleverna om att gå med.",
    "Hotfulla kommentarer i en lokal grupp på nätet om en moské i området.",
    "Klotter med hakkors på väggen vid fritidsgården, upptäckt i morse.",
    "Unga personer filmades när de fick propaganda visad i parken på kvällen.",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'<input[^>]*name="nonce"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


def prepare_database(url: str) -> bool:
    """Create the database if it is missing; False when PostgreSQL cannot be reached."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"bench_intake_load: PostgreSQL is not reachable at {admin} ({exc}); skipped.")
        return False
    return True


def server_env(tmp: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)]),
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-secret-key-" + "x" * 40,
            "ENCRYPTION_KEYS": env.get("ENCRYPTION_KEYS") or DEV_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "RATELIMIT_ENABLE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def workers_cpu_seconds(server_pid: int) -> float:
    """CPU time (user + system) used so far by gunicorn's worker processes (Linux /proc). On a shared
    machine this disturbs less than wall-clock time; the database server's own time is not in it."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    except OSError:
        return float("nan")
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Sample:
    what: str
    status: int  # 0: no response (connection failed or timed out)
    seconds: float


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    accepted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample, accepted: bool = False) -> None:
        with self.lock:
            self.samples.append(sample)
            if accepted:
                self.accepted += 1


def request(opener, url: str, data: dict | None = None) -> tuple[int, str, float]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    started = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=120) as response:
            text = response.read().decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        status = error.code
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        text, status = "", 0
    return status, text, time.perf_counter() - started


def bare_client(base: str, deadline: float, results: Results, seed: int) -> None:
    opener = urllib.request.build_opener()
    while time.perf_counter() < deadline:
        status, _text, seconds = request(opener, base + "/bench/bare/")
        results.add(Sample("bare", status, seconds))


def citizen(base: str, areas: list[str], deadline: float, results: Results, seed: int) -> None:
    rng = random.Random(seed)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    today = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)  # never tomorrow in Stockholm
    while time.perf_counter() < deadline:
        status, page, seconds = request(opener, base + "/rapportera/")
        results.add(Sample("form", status, seconds))
        token, nonce = TOKEN.search(page), NONCE.search(page)
        if status != 200 or token is None or nonce is None:
            continue
        nonce_value = VALUE.search(nonce.group(0))
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "nonce": nonce_value.group(1) if nonce_value else "",
            "website": "",
            "kind": rng.choice(KINDS),
            "occurred_on": (today - dt.timedelta(days=rng.randint(0, 60))).isoformat(),
            "occurred_time": f"{rng.randint(0, 23):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "area": rng.choice(areas),
            "milieu": rng.choice(MILIEUS),
            "description": rng.choice(DESCRIPTIONS),
        }
        status, page, seconds = request(opener, base + "/rapportera/", data)
        accepted = status == 200 and "receipt-code" in page
        results.add(Sample("submit", status, seconds), accepted=accepted)


def run_phase(client, clients: int, seconds: float) -> tuple[Results, float]:
    """Run `client(deadline, results, seed)` in `clients` threads until the deadline; in-flight
    requests finish, so the elapsed time is a little longer than `seconds`."""
    results = Results()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [threading.Thread(target=client, args=(deadline, results, n)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(samples: list[Sample], what: str, elapsed: float) -> dict:
    mine = [s for s in samples if s.what == what]
    times = [s.seconds * 1000 for s in mine if s.status]
    return {
        "what": what,
        "count": len(mine),
        "per_second": len(mine) / elapsed if elapsed else 0.0,
        "median": statistics.median(times) if times else float("nan"),
        "p99": quantile(times, 0.99),
        "server_errors": sum(1 for s in mine if s.status >= 500),
        "failed": sum(1 for s in mine if s.status == 0),
        "statuses": sorted({s.status for s in mine}),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("bench_intake_load: DATABASE_URL must point to PostgreSQL.")
    if not prepare_database(url):
        return 0
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        sys.exit("bench_intake_load: gunicorn is not installed in this environment (pip install -e .).")

    tmp = tempfile.mkdtemp(prefix="safecity-load-")
    Path(tmp, "bench_settings.py").write_text(SITE_SETTINGS, encoding="utf-8")
    Path(tmp, "bench_urls.py").write_text(SITE_URLS, encoding="utf-8")
    env = server_env(tmp)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, tmp)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from safecity.intake.models import Signal
    from safecity.organisation.demo import load_demo
    from safecity.organisation.loader import load
    from safecity.organisation.models import Area, City

    call_command("migrate", verbosity=0)
    if not City.objects.filter(code="stockholm").exists():
        load("stockholm")
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(username="coord.jarva").exists():
        load_demo()
    areas = list(Area.objects.values_list("code", flat=True))
    signals_before = Signal.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    connection.close()

    load_before = f"{os.getloadavg()[0]:.1f}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = Path(tmp, "gunicorn.log")
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "safecity.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--chdir",
        str(ROOT),
    ]
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        for _ in range(120):
            status, _text, _s = request(urllib.request.build_opener(), base + "/bench/bare/")
            if status == 200:
                break
            if status >= 500:
                sys.exit(f"bench_intake_load: the bare view answers {status}; see {log_path}")
            if server.poll() is not None:
                sys.exit("bench_intake_load: gunicorn stopped:\n" + log_path.read_text(encoding="utf-8"))
            time.sleep(0.5)
        else:
            sys.exit("bench_intake_load: gunicorn did not answer within a minute.")
        # Warm up every worker: the form's area map projection is cached per process.
        warm = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        for _ in range(args.workers * 4):
            request(warm, base + "/rapportera/")

        print(f"Baseline: {args.clients} clients on the bare view for {args.baseline_seconds:.0f} s …")
        cpu_start = workers_cpu_seconds(server.pid)
        bare, bare_elapsed = run_phase(
            functools.partial(bare_client, base), args.clients, args.baseline_seconds
        )
        cpu_bare = workers_cpu_seconds(server.pid) - cpu_start
        print(f"Submissions: {args.clients} clients for {args.seconds:.0f} s …")
        cpu_start = workers_cpu_seconds(server.pid)
        load_results, load_elapsed = run_phase(
            functools.partial(citizen, base, areas), args.clients, args.seconds
        )
        cpu_load = workers_cpu_seconds(server.pid) - cpu_start
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    stored = Signal.objects.count() - signals_before
    rows = [
        summary(bare.samples, "bare", bare_elapsed),
        summary(load_results.samples, "form", load_elapsed),
        summary(load_results.samples, "submit", load_elapsed),
    ]
    server_log = log_path.read_text(encoding="utf-8")
    tracebacks = server_log.count("Traceback")

    labels = {
        "bare": "bare view (baseline), GET",
        "form": "report form, GET",
        "submit": "signal submission, POST",
    }
    base_median = rows[0]["median"]
    print()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {pg_version}; gunicorn {args.workers} sync workers; {args.clients} clients."
    )
    print(f"Signals in the database before the run: {signals_before}; areas: {len(areas)}.")
    print()
    print("| request | requests | per second | median ms | p99 ms | × bare median | 5xx | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {labels[row['what']]} | {row['count']} | {row['per_second']:.1f} | {row['median']:.1f} | "
            f"{row['p99']:.1f} | {row['median'] / base_median:.1f} | {row['server_errors']} | {row['failed']} |"
        )
    print()
    submit = rows[2]
    print(
        f"Web workers' CPU: {cpu_bare * 1000 / max(1, rows[0]['count']):.2f} ms per bare request, "
        f"{cpu_load * 1000 / max(1, submit['count']):.0f} ms per form GET + submission POST; "
        f"load average before/after: {load_before} / {os.getloadavg()[0]:.1f}."
    )
    print(
        f"Accepted submissions: {load_results.accepted} of {submit['count']} "
        f"({load_results.accepted / load_elapsed:.1f}/s); statuses {submit['statuses']}; "
        f"signals stored during the run: {stored}; tracebacks in the server log: {tracebacks}."
    )
    problems = []
    if any(row["server_errors"] or row["failed"] for row in rows):
        problems.append("server errors or failed requests")
    if stored != load_results.accepted:
        problems.append(f"{stored} signals stored but {load_results.accepted} accepted")
    if tracebacks:
        problems.append(f"{tracebacks} tracebacks in {log_path}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: no server errors, every accepted submission stored.")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
