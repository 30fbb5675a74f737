"""Importing from an address: a local http.server stands in for another city (no internet)."""

import http.server
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from conftest import logged_in
from safecity.network import hub
from safecity.network.models import HubProfile
from safecity.network.schema import MAX_DOCUMENT_BYTES, DocumentError
from safecity.network.tests.hub_fixtures import as_bytes, norrhavn

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

pytestmark = pytest.mark.django_db

ROUTES: dict[str, tuple[int, bytes, dict]] = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status, body, headers = ROUTES.get(self.path, (404, b"not found", {}))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_local(settings):
    settings.NETWORK_HUB_ALLOW_PRIVATE_URLS = True


@pytest.fixture(autouse=True)
def routes():
    ROUTES.clear()
    ROUTES["/profil/profil.json"] = (200, as_bytes(norrhavn()), {"Content-Type": "application/json"})
    yield ROUTES
    ROUTES.clear()


def test_it_imports_from_an_address(server, allow_local, central_coordinator):
    url = f"{server}/profil/profil.json"
    profile, created = hub.import_url(central_coordinator, url)
    assert created
    assert profile.source_url == url
    assert profile.city_id == "norrhavn-demo"


def test_the_import_page_imports_from_an_address(server, allow_local, central_coordinator):
    response = logged_in(central_coordinator).post(
        reverse("network:hub_import"), {"url": f"{server}/profil/profil.json"}
    )
    assert response.status_code == 302
    assert HubProfile.objects.get().source_url.endswith("/profil/profil.json")


def test_a_private_address_is_refused_when_the_setting_is_off(server, settings, central_coordinator):
    settings.NETWORK_HUB_ALLOW_PRIVATE_URLS = False
    with pytest.raises(DocumentError, match="private or local network"):
        hub.import_url(central_coordinator, f"{server}/profil/profil.json")
    assert not HubProfile.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/profil.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/x",
        "http://localhost/x",
    ],
)
def test_local_and_metadata_addresses_are_refused(settings, url):
    settings.NETWORK_HUB_ALLOW_PRIVATE_URLS = False
    with pytest.raises(DocumentError, match="private or local network"):
        hub.fetch(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x.json", "gopher://x"])
def test_only_http_and_https_are_fetched(allow_local, url):
    with pytest.raises(DocumentError, match="Only http and https"):
        hub.fetch(url)


def test_a_redirect_to_a_private_address_is_refused(server, settings, monkeypatch):
    # The first host passes the guard (as a public one would); its redirect goes to a private address.
    settings.NETWORK_HUB_ALLOW_PRIVATE_URLS = False
    ROUTES["/go"] = (302, b"", {"Location": "http://10.1.2.3/secret"})
    real_check = hub.check_url
    monkeypatch.setattr(hub, "check_url", lambda url: None if url.startswith(server) else real_check(url))
    with pytest.raises(DocumentError, match="private or local network"):
        hub.fetch(f"{server}/go")


def test_an_http_error_is_reported(server, allow_local):
    with pytest.raises(DocumentError, match="HTTP status 404"):
        hub.fetch(f"{server}/nothing-here")


def test_an_oversized_answer_is_refused(server, allow_local, central_coordinator):
    ROUTES["/big.json"] = (200, b" " * (MAX_DOCUMENT_BYTES + 10), {})
    with pytest.raises(DocumentError, match="too large"):
        hub.import_url(central_coordinator, f"{server}/big.json")


def test_a_malformed_answer_is_refused_with_the_reason(server, allow_local, central_coordinator):
    ROUTES["/bad.json"] = (200, b"<html>Not JSON</html>", {})
    with pytest.raises(DocumentError, match="line 1, column 1"):
        hub.import_url(central_coordinator, f"{server}/bad.json")
    assert not HubProfile.objects.exists()


def test_an_unreachable_address_is_reported(allow_local):
    with pytest.raises(DocumentError, match="could not be read"):
        hub.fetch("http://127.0.0.1:9/profil.json")


def test_the_command_imports_from_an_address_and_a_file(server, allow_local, tmp_path, capsys):
    call_command("import_profile", f"{server}/profil/profil.json")
    assert "imported" in capsys.readouterr().out
    newer = tmp_path / "norrhavn.json"
    newer.write_bytes(as_bytes(norrhavn(version=3, published_at="2026-11-21T09:00:00+01:00")))
    call_command("import_profile", str(newer), "--demo")
    assert "updated" in capsys.readouterr().out
    profile = HubProfile.objects.get()
    assert profile.is_demo
    assert profile.document["version"] == 3


def test_the_command_reports_a_bad_file(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_bytes(as_bytes(norrhavn(schema_version="0.9")))
    with pytest.raises(CommandError, match="format version 0.9"):
        call_command("import_profile", str(bad))
    with pytest.raises(CommandError, match="missing.json"):
        call_command("import_profile", str(tmp_path / "missing.json"))


def test_a_public_address_passes_the_guard(settings, monkeypatch):
    settings.NETWORK_HUB_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr(
        hub.socket, "getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("93.184.216.34", 443))]
    )
    hub.check_url("https://trygg.example.org/profil/profil.json")


def test_a_host_with_one_private_address_among_public_ones_is_refused(settings, monkeypatch):
    settings.NETWORK_HUB_ALLOW_PRIVATE_URLS = False
    answers = [(2, 1, 6, "", ("93.184.216.34", 443)), (2, 1, 6, "", ("192.168.1.10", 443))]
    monkeypatch.setattr(hub.socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(DocumentError, match="private or local network"):
        hub.check_url("https://mixed.example.org/profil/profil.json")
