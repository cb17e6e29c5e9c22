"""The image explorer as a standalone web app, in headless Chromium with the network cut off.

notebooks/09_image_explorer.ipynb served by Voilà and apps/explorer.py served by
``marimo run``: the page renders the digit picker and a gallery; picking another digit
streams its cards in (progress "k of n" on the way, every card of that digit at the end); a
click opens a card's live widget, whose kernel-width slider refits without a model call.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import by_testid, set_range_value, wait_attr
from .live_checks import RENDER_TIMEOUT_MS, STREAM_TIMEOUT_MS, bars, model_calls
from .server import MarimoServer, VoilaServer
from .test_voila import VOILA_TEMPLATE_CDN

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parent.parent.parent
NOTEBOOK = ROOT / "notebooks" / "09_image_explorer.ipynb"
FIRST, OTHER = 3, 5  # the digit the app opens with, the one the test picks
OPEN_TIMEOUT_MS = 90_000


def open_voila_app(page: Page, server: VoilaServer) -> None:
    shutil.copy(NOTEBOOK, server.root_dir / NOTEBOOK.name)
    page.goto(server.render_url(NOTEBOOK.name), timeout=OPEN_TIMEOUT_MS)


def progress(page: Page) -> Locator:
    return page.locator(".lw-gallery-progress")


def cards(page: Page) -> Locator:
    return page.locator(".lw-card")


def wait_all_explained(page: Page) -> int:
    """Wait until the run has ended with every row explained; the number of rows."""
    done = re.compile(r"^([1-9]\d*) explained$")  # "0 explained": a gallery not started yet
    expect(progress(page)).to_have_text(done, use_inner_text=True, timeout=STREAM_TIMEOUT_MS)
    match = done.match(progress(page).inner_text().strip())
    assert match is not None
    return int(match.group(1))


def check_renders(page: Page) -> None:
    """The picker and the first digit's gallery, its cards of that digit."""
    expect(page.get_by_label("Digit")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(".lw-gallery")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(cards(page).first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(cards(page).first).to_have_attribute("data-true", str(FIRST))
    # No wait for the end: picking another digit next stops this run if it is still going.


def check_picking_a_digit_streams_its_cards(page: Page, pick: Locator) -> None:
    """Another digit: a new run whose cards arrive while the page watches, to the end."""
    before = page.locator(".lw-gallery").element_handle()
    pick.select_option(str(OTHER))
    # the first digit's gallery (its run maybe still going) makes way for the new one
    page.wait_for_function("el => !el.isConnected", arg=before, timeout=RENDER_TIMEOUT_MS)
    partial = re.compile(r"^(\d+) of (\d+) explained")
    seen: set[tuple[int, int]] = set()
    expect(progress(page)).to_have_text(partial, use_inner_text=True, timeout=STREAM_TIMEOUT_MS)
    while True:  # record the progress texts until the run ends
        match = partial.match(progress(page).inner_text().strip())
        if match is None:
            break
        seen.add((int(match.group(1)), int(match.group(2))))
        page.wait_for_timeout(50)  # polling interval
    n = wait_all_explained(page)
    assert n > 30  # about a tenth of the 450 test pictures
    assert any(0 < done < total == n for done, total in seen), seen  # it streamed
    expect(page.locator(by_testid("lw-gallery-count"))).to_have_text(f"{n} cards")
    expect(cards(page).first).to_have_attribute("data-true", str(OTHER))
    shown = cards(page).evaluate_all("els => els.map(e => e.dataset.true)")
    assert set(shown) == {str(OTHER)}


def check_a_card_opens_live_and_refits(page: Page) -> None:
    """Click a card: its live widget shows beneath; a kernel-width move refits it."""
    card = cards(page).nth(2)
    card.click()
    expect(card).to_have_class(re.compile(r"lw-card--open"))
    root = page.locator(by_testid("lw-root"))
    expect(root).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    root.scroll_into_view_if_needed()
    wait_attr(page, root, "data-status", "idle", timeout=RENDER_TIMEOUT_MS)
    assert root.get_attribute("data-num-samples") == "1000"
    assert root.get_attribute("data-label") == card.get_attribute("data-label")
    expect(root.locator(by_testid("lw-image"))).to_be_visible()
    before = bars(root)
    assert len(before) == 5
    # the gallery kept the card's samples: opening it asked the model nothing
    expect(model_calls(root)).to_have_text("model calls: 1,000 rows")
    width = root.get_attribute("data-kernel-width")
    set_range_value(page, root.locator(by_testid("lw-kernel-width")), 80, via=[60, 70])
    wait_attr(page, root, "data-kernel-width", lambda v: v != width)
    wait_attr(page, root, "data-status", "idle")
    assert bars(root) != before
    expect(model_calls(root)).to_have_text("model calls: 1,000 rows")


def test_the_explorer_notebook_as_a_voila_app(
    page: Page, offline, voila_server: VoilaServer
) -> None:
    outside = offline(voila_server)
    open_voila_app(page, voila_server)
    check_renders(page)
    check_picking_a_digit_streams_its_cards(page, page.get_by_label("Digit"))
    check_a_card_opens_live_and_refits(page)
    assert set(outside) <= VOILA_TEMPLATE_CDN


def test_the_explorer_as_a_marimo_app(page: Page, offline, marimo_server: MarimoServer) -> None:
    outside = offline(marimo_server)
    page.goto(marimo_server.app_url("explorer.py"), timeout=OPEN_TIMEOUT_MS)
    check_renders(page)
    check_picking_a_digit_streams_its_cards(page, page.get_by_label("Digit"))
    check_a_card_opens_live_and_refits(page)
    assert outside == []
