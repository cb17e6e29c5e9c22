"""The gallery of a batch in real JupyterLab 4 and Notebook 7 pages, and as a saved file.

What a user would notice: cards stream in while ``explainer.gallery`` runs, with progress
to the end; the filters and the order change the cards shown (and the traits Python reads);
opening a card shows the live widget beneath the grid, whose kernel-width slider refits;
a thousand cards scroll and the keys move between them; with pushes lost (Colab) the page
still gets every card by pulling; nothing leaves the page. A saved gallery filters, sorts
and opens its cards with the network cut off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import lime_widget as lw

from .conftest import OfflinePage
from .helpers import attrs, by_testid, run_all_cells, run_code, set_range_value, wait_attr
from .helpers import wait_python as wait_py

pytestmark = pytest.mark.e2e
LAB_ONLY = pytest.mark.parametrize("jupyter", ["lab"], indirect=True)

SETUP = """
import threading
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
import lime_widget as lw

X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=500).fit(X, y)
explainer = lw.LimeTabularExplainer(
    X, feature_names=["sepal length", "sepal width", "petal length", "petal width"],
    class_names=["setosa", "versicolor", "virginica"], random_state=0)


class Gate:
    '''The model; after `hold_after` calls it waits until the test opens the gate.'''

    def __init__(self, hold_after):
        self.hold_after, self.calls, self.open = hold_after, 0, threading.Event()

    def __call__(self, rows):
        if self.calls >= self.hold_after:
            self.open.wait(60)
        self.calls += 1
        return model.predict_proba(rows)
"""

GALLERY = """
gate = Gate(hold_after=HOLD)
g = explainer.gallery(X[::5], gate, true_labels=y[::5], num_samples=300, chunk_size=1)
PUSHES
g
"""


def gallery_cells(hold: int, pushes: bool = True) -> list[str]:
    cell = GALLERY.replace("HOLD", str(hold))
    cell = cell.replace("PUSHES", "" if pushes else "g._deliver_pushes = False  # as on Colab")
    return [SETUP, cell]


def shown_cards(page: Page) -> list[dict[str, str]]:
    return page.locator(".lw-card").evaluate_all(
        "els => els.map(e => ({row: e.dataset.row, pred: e.dataset.pred, true: e.dataset.true,"
        " score: e.dataset.score, index: Number(e.dataset.index)}))"
        ".sort((a, b) => a.index - b.index)"
    )


def py(page: Page, code: str) -> str:
    return run_code(page, code).stdout.strip()


def test_cards_stream_filter_sort_and_open_live(page: Page, notebook, jupyter, offline) -> None:
    outside = offline(jupyter)
    notebook(gallery_cells(hold=12))
    run_all_cells(page)
    gallery = page.locator(".lw-gallery")
    expect(gallery).to_be_visible()

    # streaming: cards while the run goes on (the model waits after 12 rows), then all 30
    wait_attr(page, "lw-gallery", "data-cards", "12")
    assert attrs(page, "lw-gallery")["data-status"] == "running"
    expect(page.locator(".lw-gallery-progress")).to_have_text("12 of 30 explained")
    expect(page.locator(".lw-gallery-cancel")).to_be_visible()
    run_code(page, "gate.open.set()")
    wait_attr(page, "lw-gallery", "data-status", "done", timeout=60_000)
    wait_attr(page, "lw-gallery", "data-cards", "30")
    wait_attr(page, "lw-gallery", "data-assessing", "0", timeout=60_000)
    expect(page.locator(".lw-gallery-cancel")).to_be_hidden()
    expect(page.locator(".lw-gallery-progress")).to_have_text("30 explained")

    # filter by predicted class: only those cards; the trait follows
    virginica = int(py(page, "print(sum(c['pred'] == 2 for c in g.cards))"))
    page.locator("select.lw-gallery-filter-pred").select_option("2")
    wait_attr(page, "lw-gallery", "data-shown", str(virginica))
    assert {c["pred"] for c in shown_cards(page)} == {"2"}
    wait_py(page, "print(g.filter_pred)", lambda out: out.strip() == "2")

    # and by true class, together with it
    page.locator("select.lw-gallery-filter-true").select_option("1")
    both = int(py(page, "print(sum(c['pred'] == 2 and c['true'] == 1 for c in g.cards))"))
    wait_attr(page, "lw-gallery", "data-shown", str(both))
    assert all(c["pred"] == "2" and c["true"] == "1" for c in shown_cards(page))
    page.locator("select.lw-gallery-filter-pred").select_option("-1")
    page.locator("select.lw-gallery-filter-true").select_option("-1")
    wait_attr(page, "lw-gallery", "data-shown", "30")

    # sort by score, highest first: the cards in that order; the trait follows
    by_row = [c["row"] for c in shown_cards(page)]
    page.locator("select.lw-gallery-sort").select_option("-score")
    page.wait_for_function(
        "rows => [...document.querySelectorAll('.lw-card')]"
        ".map(e => e.dataset.row).join() !== rows",
        arg=",".join(by_row),
    )
    scores = [float(c["score"]) for c in shown_cards(page)]
    assert scores == sorted(scores, reverse=True)
    expected = py(
        page, "print(','.join(str(c['row']) for c in sorted(g.cards, key=lambda c: -c['score'])))"
    )
    assert ",".join(c["row"] for c in shown_cards(page)).startswith(expected[:20])
    wait_py(page, "print(g.sort_by)", lambda out: out.strip() == "-score")

    # open a card: the live widget beneath the grid; its kernel-width slider refits
    first = shown_cards(page)[0]["row"]
    page.locator(f'.lw-card[data-row="{first}"]').click()
    wait_py(page, "print(g.opened)", lambda out: out.strip() == first)
    root = page.locator(by_testid("lw-root"))
    expect(root).to_be_visible(timeout=60_000)
    wait_attr(page, "lw-root", "data-status", "idle")
    bars = page.locator(by_testid("lw-bar")).evaluate_all("els => els.map(e => e.dataset.weight)")
    width = attrs(page, "lw-root")["data-kernel-width"]
    set_range_value(page, "lw-kernel-width", 0.3, via=[0.6, 0.4])
    wait_attr(page, "lw-root", "data-kernel-width", lambda v: v != width)
    wait_attr(page, "lw-root", "data-status", "idle")
    after = page.locator(by_testid("lw-bar")).evaluate_all("els => els.map(e => e.dataset.weight)")
    assert after != bars
    assert py(page, "print(g.opened_widget.kernel_width != float(" + repr(width) + "))") == "True"
    expect(page.locator(f'.lw-card[data-row="{first}"]')).to_have_attribute("aria-pressed", "true")
    assert outside == []


@LAB_ONLY
def test_pulls_alone_deliver_every_card_as_on_colab(page: Page, notebook, jupyter) -> None:
    notebook(gallery_cells(hold=0, pushes=False))
    run_all_cells(page)
    expect(page.locator(".lw-gallery")).to_be_visible()
    run_code(page, "gate.open.set()")
    wait_attr(page, "lw-gallery", "data-status", "done", timeout=60_000)
    wait_attr(page, "lw-gallery", "data-cards", "30")
    wait_attr(page, "lw-gallery", "data-assessing", "0", timeout=60_000)
    # the kernel never sent the page a card from its threads: the pulls brought them all
    assert py(page, "print(g._deliver_pushes, len(g.cards))") == "False 30"
    badges = page.locator(by_testid("lw-card-stability")).all_inner_texts()
    assert badges
    assert all("…" not in b for b in badges)  # the assessments came by pull too


THOUSAND = """
rs = np.random.RandomState(0)
rows = X[rs.randint(0, len(X), 1000)] + rs.normal(scale=0.05, size=(1000, 4))
g = explainer.gallery(rows, model.predict_proba, num_samples=60, num_features=2)
g
"""


@LAB_ONLY
def test_a_thousand_cards_scroll_and_the_keys_move_between_them(
    page: Page, notebook, jupyter
) -> None:
    notebook([SETUP, THOUSAND])
    run_all_cells(page)
    wait_attr(page, "lw-gallery", "data-cards", "1000", timeout=120_000)
    wait_attr(page, "lw-gallery", "data-status", "done", timeout=120_000)
    cards = page.locator(".lw-card")
    rendered = cards.count()
    assert 0 < rendered < 100  # only the rows on screen are in the DOM
    scroller = page.locator(by_testid("lw-gallery-grid"))
    height = scroller.evaluate("el => el.scrollHeight")
    assert height > 20 * scroller.evaluate("el => el.clientHeight")
    for fraction in (0.25, 0.5, 0.75, 1.0):
        scroller.evaluate(f"el => {{ el.scrollTop = el.scrollHeight * {fraction}; }}")
        page.wait_for_function(
            "f => { const rows = [...document.querySelectorAll('.lw-card')]"
            ".map(e => Number(e.dataset.row)); return rows.length > 0 && "
            "Math.max(...rows) >= Math.min(999, Math.floor(999 * f) - 8); }",
            arg=fraction,
        )
        assert cards.count() < 100
    expect(page.locator('.lw-card[data-row="999"]')).to_be_visible()

    # keys: Home to the first card, arrows across and down, End to the last, Enter opens
    page.locator('.lw-card[data-row="999"]').focus()
    page.keyboard.press("Home")
    expect(page.locator('.lw-card[data-row="0"]')).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator('.lw-card[data-row="1"]')).to_be_focused()
    columns = int(scroller.get_attribute("data-columns") or "1")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f'.lw-card[data-row="{1 + columns}"]')).to_be_focused()
    page.keyboard.press("End")
    expect(page.locator('.lw-card[data-row="999"]')).to_be_focused()
    page.keyboard.press("Enter")
    wait_py(page, "print(g.opened)", lambda out: out.strip() == "999")
    expect(page.locator(by_testid("lw-root"))).to_be_visible(timeout=60_000)


# -- a saved gallery ----------------------------------------------------------------------------
def _image_gallery(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    rs = np.random.RandomState(0)
    images = []
    for _ in range(12):
        image = rs.uniform(0, 0.3, size=(48, 48, 3))
        image[rs.randint(0, 24) :][:, rs.randint(0, 24) :] += 0.6
        images.append(image)
    segments = (np.arange(48)[:, None] // 12) * 4 + np.arange(48)[None, :] // 12

    def model(batch: np.ndarray) -> np.ndarray:
        p = np.clip(batch[:, :24, :24].mean(axis=(1, 2, 3)) * 1.5, 0, 1)
        return np.column_stack([1 - p, p])

    explainer = lw.LimeImageExplainer(random_state=0)
    g = explainer.gallery(
        images, model, true_labels=[i % 2 for i in range(12)], num_samples=80,
        num_features=3, segmentation_fn=lambda im: segments,
    )  # fmt: skip
    try:
        g.wait(60)
        path = tmp_path / "gallery.html"
        g.save_to_file(path)
        return path, g.cards
    finally:
        g.close()


def test_a_saved_gallery_works_offline(offline_page: OfflinePage, tmp_path: Path) -> None:
    page, blocked, errors = offline_page
    path, cards = _image_gallery(tmp_path)
    page.goto(path.as_uri())
    expect(page.locator(".lw-gallery")).to_be_visible()
    wait_attr(page, "lw-gallery", "data-cards", "12")
    # every thumbnail drawn from the file's own data
    frames = page.locator(".lime-widget__card-thumb")
    expect(frames).to_have_count(12)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lime-widget__card-thumb')]"
        ".every(f => f.dataset.ready === 'true')"
    )
    # filter and sort
    page.locator("select.lw-gallery-filter-true").select_option("1")
    wait_attr(page, "lw-gallery", "data-shown", "6")
    assert {c["true"] for c in shown_cards(page)} == {"1"}
    page.locator("select.lw-gallery-filter-true").select_option("-1")
    expected = [c["row"] for c in sorted(cards, key=lambda c: (c["proba"], c["row"]))]
    page.locator("select.lw-gallery-sort").select_option("proba")
    page.wait_for_function(
        "row => document.querySelector('.lw-card[data-index=\"0\"]')?.dataset.row === row",
        arg=str(expected[0]),
    )
    assert [int(c["row"]) for c in shown_cards(page)] == expected
    # open a card: its saved explanation, enlarged
    page.locator(f'.lw-card[data-row="{expected[0]}"]').click()
    opened = page.locator(by_testid("lw-gallery-opened"))
    expect(opened).to_have_attribute("data-row", str(expected[0]))
    expect(opened.locator("tbody tr")).to_have_count(len(cards[expected[0]]["features"]))
    assert blocked == []
    assert errors == []
