"""Helpers for the browser tests (test_browser.py) and scripts/screenshots.py.

Playwright drives the system Chromium; no browser is ever downloaded.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MISSING_CHROMIUM = (
    f"The browser tests need the system Chromium at {CHROMIUM}, and it is missing. "
    "Install it (Debian/Ubuntu: apt-get install chromium). The tests never download a browser."
)
REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

# Reports every Content-Security-Policy violation as a console message the test can collect.
CSP_PREFIX = "CSP-VIOLATION"
CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error("{CSP_PREFIX} " + JSON.stringify({{
    directive: event.violatedDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample
  }}));
}});
"""

# Impacts that fail the tests; "minor" and "moderate" findings are left to manual review.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


_SHARED_PLAYWRIGHT = None


@contextlib.contextmanager
def shared_sync_playwright():
    """Use instead of playwright's sync_playwright(): one Playwright per test process, shared.

    The sync API allows one running instance per thread, so a second `with sync_playwright()` while
    another module's session browser is open fails with "Sync API inside the asyncio loop". Every
    browser-test module takes this one; each may still launch and close its own browser on it.
    """
    global _SHARED_PLAYWRIGHT
    if _SHARED_PLAYWRIGHT is None:
        from playwright.sync_api import sync_playwright

        _SHARED_PLAYWRIGHT = sync_playwright().start()
        atexit.register(_stop_shared_playwright)
    yield _SHARED_PLAYWRIGHT


def _stop_shared_playwright():
    with contextlib.suppress(Exception):
        _SHARED_PLAYWRIGHT.stop()


def module_browser():
    """The body of a module-scoped browser fixture: `yield from module_browser()`.

    The system Chromium on the shared Playwright, with Django's async-safety check off while it
    runs (Playwright's loop lives in the test thread); fails, never skips, without Chromium.
    """
    import pytest

    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with shared_sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def launch_chromium(playwright):
    """The system Chromium, headless; raises FileNotFoundError with a clear message if it is missing."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING_CHROMIUM)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def totp_code(device) -> str:
    """The current six-digit code of a django-otp TOTPDevice."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_totp_code(device) -> str:
    """A code that is certainly wrong: valid in no time step near now, whatever the tolerance."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.time
    near = set()
    for steps in range(-device.tolerance - 2, device.tolerance + 3):
        totp.time = now + steps * device.step
        near.add(f"{totp.token():0{device.digits}d}")
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in near)


@dataclass
class Watcher:
    """Collects CSP violations and console errors of one browser context, across navigations."""

    csp_violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)

    def _on_console(self, message) -> None:
        text = message.text
        if text.startswith(CSP_PREFIX) or "Content Security Policy" in text:
            self.csp_violations.append(f"{message.page.url if message.page else '?'}: {text}")
        elif message.type == "error":
            self.console_errors.append(text)

    def take_csp_violations(self) -> list[str]:
        found, self.csp_violations = self.csp_violations, []
        return found


def blocking_violations(axe_response: dict) -> list[dict]:
    return [v for v in axe_response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)
