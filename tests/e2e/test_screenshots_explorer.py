"""The explorer's pictures under docs/, retaken by ``make screenshot`` (LW_SCREENSHOTS=docs).

Skipped unless LW_SCREENSHOTS names a directory, as test_screenshots.py. Each picture shows
the digit picker, the gallery of one digit and, beneath it, a card opened in the live widget
(diagnostics shown), cropped to that column with a little air:

- explorer-voila.png: notebooks/09_image_explorer.ipynb served by Voilà;
- explorer-marimo.png: apps/explorer.py served by ``marimo run``.

The network is cut off as in the tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import by_testid, wait_attr
from .live_checks import RENDER_TIMEOUT_MS, STREAM_TIMEOUT_MS
from .server import MarimoServer, VoilaServer
from .test_explorer import open_voila_app, wait_all_explained

SHOTS = os.environ.get("LW_SCREENSHOTS", "")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not SHOTS, reason="set LW_SCREENSHOTS=dir to retake docs/ pictures"),
]
VIEWPORT = {"width": 1200, "height": 2600}  # the grid and the opened widget in view at once
AIR = 12
OPEN_ROW = 7  # a card whose explanation reads well: the 3's right-hand strokes for it


def _settle_opened(page: Page) -> Locator:
    """Every card explained and assessed, card OPEN_ROW opened, its diagnostics shown."""
    expect(page.locator(".lw-card").first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    wait_all_explained(page)  # "46 explained", nothing left "assessing the stability"
    card = page.locator(f".lw-card[data-row='{OPEN_ROW}']")
    card.click()
    root = page.locator(by_testid("lw-root"))
    expect(root).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    wait_attr(page, root, "data-status", "idle", timeout=RENDER_TIMEOUT_MS)
    wait_attr(page, root, "data-diagnostics", "fresh", timeout=STREAM_TIMEOUT_MS)
    page.mouse.move(0, 0)  # no hover highlight in the picture
    return root


def _shoot(page: Page, top: Locator, bottom: Locator, name: str) -> Path:
    """From *top*'s top to *bottom*'s bottom, as wide as the wider of the two."""
    a, b = top.bounding_box(), bottom.bounding_box()
    assert a is not None, f"{name}: nothing at the top to take a picture of"
    assert b is not None, f"{name}: nothing at the bottom to take a picture of"
    scroll = page.evaluate("() => [window.scrollX, window.scrollY]")
    left = min(a["x"], b["x"]) - AIR
    right = max(a["x"] + a["width"], b["x"] + b["width"]) + AIR
    clip = {
        "x": max(left + scroll[0], 0),
        "y": max(a["y"] + scroll[1] - AIR, 0),
        "width": right - left,
        "height": b["y"] + b["height"] - a["y"] + 2 * AIR,
    }
    path = Path(SHOTS) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip=clip, full_page=True, animations="disabled", caret="hide")
    return path


def test_explorer_in_voila(page: Page, offline, voila_server: VoilaServer) -> None:
    page.set_viewport_size(VIEWPORT)
    offline(voila_server)
    open_voila_app(page, voila_server)
    root = _settle_opened(page)
    _shoot(page, page.get_by_label("Digit"), root, "explorer-voila.png")


def test_explorer_in_marimo(page: Page, offline, marimo_server: MarimoServer) -> None:
    page.set_viewport_size(VIEWPORT)
    offline(marimo_server)
    page.goto(marimo_server.app_url("explorer.py"), timeout=RENDER_TIMEOUT_MS)
    root = _settle_opened(page)
    _shoot(page, page.get_by_label("Digit"), root, "explorer-marimo.png")
