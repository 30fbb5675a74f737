"""The management commands: police files, the poller against a local fake server, tables, the demo."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safecity.situation.models import ImportRun, Observation, PoliceApiCall, PoliceEvent

from .conftest import event

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_police_events_dedupes_overlapping_files(tmp_path, sample, area_names):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(sample[:300]), encoding="utf-8")
    second.write_text(json.dumps(sample[250:]), encoding="utf-8")
    output = run("import_police_events", str(first), str(second))
    assert "a.json: 300 events, 300 new" in output
    assert "b.json: 250 events, 200 new, 0 updated, 50 unchanged" in output
    assert "In all: 550 events, 500 new" in output
    assert PoliceEvent.objects.count() == 500


def test_import_police_events_refuses_a_broken_file_and_names_it(tmp_path, area_names):
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json: nothing imported"):
        run("import_police_events", str(broken))


class FakePolice(BaseHTTPRequestHandler):
    answers: list[tuple[int, bytes]] = []
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        FakePolice.seen.append({"path": self.path, "user_agent": self.headers.get("User-Agent")})
        status, body = FakePolice.answers.pop(0)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_police():
    server = HTTPServer(("127.0.0.1", 0), FakePolice)
    FakePolice.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api/events"
    server.shutdown()
    server.server_close()


def test_the_poller_fetches_from_a_local_fake_police_server(fake_police, area_names):
    FakePolice.answers = [(200, json.dumps([event(1, summary="Bråk i Tensta.")]).encode())]
    output = run("poll_police_events", "--url", fake_police)
    assert "fetched: 1 events: 1 new" in output
    assert FakePolice.seen[0]["path"] == "/api/events"
    assert "Stockholm" in FakePolice.seen[0]["user_agent"]
    assert PoliceEvent.objects.get().area.name == "Tensta"
    assert PoliceApiCall.objects.get().status == 200


def test_the_poller_stops_for_good_on_a_404(fake_police, area_names):
    FakePolice.answers = [(404, b"")]
    with pytest.raises(CommandError, match="404"):
        run("poll_police_events", "--url", fake_police)
    with pytest.raises(CommandError, match="not called again"):
        run("poll_police_events", "--url", fake_police)
    assert len(FakePolice.seen) == 1


def test_the_poller_refuses_to_loop_faster_than_a_minute():
    with pytest.raises(CommandError, match="at least 60"):
        run("poll_police_events", "--every", "10")


def test_import_statistics_saves_the_mapping_and_reuses_it(tmp_path, area_names):
    first = tmp_path / "brott-2023.csv"
    first.write_bytes("Område;Brottstyp;År;Antal\nRinkeby;Misshandel;2023;12\n".encode("cp1252"))
    output = run(
        "import_statistics",
        str(first),
        "--dataset",
        "bra",
        "--create",
        "Brå, anmälda brott",
        "--publisher",
        "Brå",
        "--place-column",
        "Område",
        "--category-column",
        "Brottstyp",
        "--period-column",
        "År",
        "--value-column",
        "Antal",
    )
    assert "1 rows, 1 new" in output
    second = tmp_path / "brott-2024.csv"
    second.write_bytes("Område;Brottstyp;År;Antal\nRinkeby;Misshandel;2024;14\n".encode("cp1252"))
    run("import_statistics", str(second), "--dataset", "bra", "--provisional")
    assert Observation.objects.filter(dataset__code="bra").count() == 2
    assert Observation.objects.get(period_start__year=2024).provisional is True
    assert "nothing changed" in run("import_statistics", str(second), "--dataset", "bra", "--provisional")


def test_import_statistics_lists_the_problems_and_imports_nothing(tmp_path, area_names):
    bad = tmp_path / "fel.csv"
    bad.write_bytes("Område;Brottstyp;År;Antal\nAtlantis;Misshandel;2023;12\n".encode())
    with pytest.raises(CommandError, match="Atlantis"):
        run(
            "import_statistics",
            str(bad),
            "--dataset",
            "bra",
            "--create",
            "Brå",
            "--place-column",
            "Område",
            "--category-column",
            "Brottstyp",
            "--period-column",
            "År",
            "--value-column",
            "Antal",
        )
    assert not Observation.objects.exists()
    assert ImportRun.objects.get().state == ImportRun.State.FAILED


def test_import_statistics_needs_a_mapping_the_first_time(tmp_path):
    table = tmp_path / "t.csv"
    table.write_bytes(b"a;b\n1;2\n")
    with pytest.raises(CommandError, match="no column mapping"):
        run("import_statistics", str(table), "--dataset", "ny", "--create", "Ny")


def test_import_statistics_imports_population(tmp_path):
    table = tmp_path / "pop.csv"
    table.write_bytes("unit;year;population;source\nJärva;2025;90 500;SCB\n".encode())
    assert "1 rows" in run("import_statistics", str(table), "--population")


def test_the_situation_demo_loads_area_names_and_the_police_sample(settings):
    settings.DEBUG = True
    output = run("load_situation_demo")
    assert "area names loaded" in output
    assert PoliceEvent.objects.count() == 500
    assert PoliceEvent.objects.filter(level="area").count() == 13
    run("load_situation_demo")  # twice changes nothing
    assert PoliceEvent.objects.count() == 500


def test_the_situation_demo_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run("load_situation_demo")
