"""What a user checks on one live widget, on any page that shows it (Voilà, marimo, ...).

The page is the only window into the kernel here (no cell can be run from the test), so the
model's cost is read from the widget's own status line ("model calls: 1,000 rows").
The widget is a breast-cancer tabular one like test_widget.py's, 1,000 samples in steps of
200; the model turns slow past its first 1,000 rows, so a larger sample streams in over a
second or two.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from .helpers import by_testid, set_range_value, wait_attr

# A page load runs the app's cells (a model is trained) before the widget shows.
RENDER_TIMEOUT_MS = 90_000
STREAM_TIMEOUT_MS = 60_000


def widget_root(page: Page) -> Locator:
    """The one widget on the page, once it has rendered and finished its first fit."""
    root = page.locator(by_testid("lw-root"))
    expect(root).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    expect(root).to_be_visible()
    wait_attr(page, root, "data-status", "idle", timeout=RENDER_TIMEOUT_MS)
    return root


def bars(root: Locator) -> list[tuple[str, str]]:
    """(name, weight) of each bar, as drawn."""
    return [
        (b["name"], b["weight"])
        for b in root.locator(by_testid("lw-bar")).evaluate_all(
            "els => els.map(e => ({name: e.dataset.name, weight: e.dataset.weight}))"
        )
    ]


def model_calls(root: Locator) -> Locator:
    """The status line's "model calls: N rows"."""
    return root.locator(".lime-widget__calls")


def seq(root: Locator) -> int:
    """The sequence number of the state the page shows (one more per state shown)."""
    return int(root.get_attribute("data-seq") or "0")


def check_renders_and_refits(page: Page, root: Locator) -> None:
    """Ten bars from 1,000 model rows; a kernel-width move redraws them, asking the model
    nothing."""
    expect(root.locator(by_testid("lw-bar"))).to_have_count(10)
    expect(model_calls(root)).to_have_text("model calls: 1,000 rows")
    expect(root.locator(by_testid("lw-fidelity"))).to_contain_text("R²")
    before = bars(root)
    width = root.get_attribute("data-kernel-width")
    set_range_value(page, root.locator(by_testid("lw-kernel-width")), 40, via=[80, 60])
    wait_attr(page, root, "data-kernel-width", lambda v: v != width)
    wait_attr(page, root, "data-status", "idle")
    after = bars(root)
    assert len(after) == 10
    assert after != before  # other numbers: a refit, not the old chart
    expect(model_calls(root)).to_have_text("model calls: 1,000 rows")


def check_stream_to_the_end(page: Page, root: Locator, target: int = 3000) -> int:
    """More samples: progress while the model is asked about the new rows only, partial
    results on the way, and the full count at the end. Returns how many states were shown
    from the move to the end."""
    start = seq(root)
    set_range_value(page, root.locator(by_testid("lw-num-samples")), target)
    wait_attr(page, root, "data-status", "collecting", timeout=STREAM_TIMEOUT_MS)
    expect(root.locator(by_testid("lw-progress"))).to_be_visible()
    wait_attr(page, root, "data-num-samples", str(target), timeout=STREAM_TIMEOUT_MS)
    wait_attr(page, root, "data-status", "idle", timeout=STREAM_TIMEOUT_MS)
    expect(model_calls(root)).to_have_text(f"model calls: {target:,} rows")
    expect(root.locator(by_testid("lw-bar"))).to_have_count(10)
    return seq(root) - start


def check_pulls_deliver(page: Page, root: Locator) -> None:
    """With the worker's pushes dropped (Colab), pulls alone bring the stream, its end and
    the diagnostics computed after it."""
    shown = check_stream_to_the_end(page, root, 2500)
    assert shown > 1  # several states arrived, all by pulling
    wait_attr(page, root, "data-diagnostics", "fresh", timeout=STREAM_TIMEOUT_MS)
    expect(root.locator(by_testid("lw-stability"))).to_be_visible()
    expect(root.locator(by_testid("lw-sweep"))).to_be_visible()
