"""Debian's Chromium for the browser tests (Playwright cannot download its own browser here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[1]
SCREENSHOTS = CHECKOUT / "test-output" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# as root in a container, without the background-networking ones Chromium's own connections are refused
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Any) -> Any:
    """Headless Chromium from Debian's package, through Playwright; fails when it is missing
    (``make test`` installs it)."""
    assert CHROMIUM.is_file(), f"no Chromium at {CHROMIUM}: apt-get install -y chromium (make test installs it)"
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
