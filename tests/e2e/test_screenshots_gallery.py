"""The gallery's pictures under docs/, retaken by ``make screenshot`` (LW_SCREENSHOTS=docs).

Skipped unless LW_SCREENSHOTS names a directory, as test_screenshots.py. Each picture shows a
batch's gallery in JupyterLab once every card is explained and assessed (nothing left
"assessing the stability", every thumbnail drawn), the mouse away from it (no hover
highlight), cropped with a little air; the network is cut off as in the tests:

- gallery-tabular.png: 48 rows of the breast-cancer data with their true labels;
- gallery-opened.png: the same gallery with card OPEN_ROW opened, its live widget beneath
  the grid (diagnostics shown);
- gallery-image.png: ten lfw_subset pictures, five faces and five not, explained for a
  classifier trained in the cell (``explain_many`` then ``as_widget``: lime's image
  explanations have no class names, and ``LimeImageExplainer.gallery`` no way to give them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import by_testid, run_all_cells, wait_attr
from .live_checks import RENDER_TIMEOUT_MS, STREAM_TIMEOUT_MS
from .test_widget import LAB_ONLY

SHOTS = os.environ.get("LW_SCREENSHOTS", "")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not SHOTS, reason="set LW_SCREENSHOTS=dir to retake docs/ pictures"),
]
VIEWPORT = {"width": 1400, "height": 2600}  # the grid and the opened widget in view at once
# A little air around each picture, inside the roots (the gallery's and the opened widget's):
# a margin taken from the page would catch the cell's prompt and its editor's border.
AIR = 8
AIR_CSS = f".lime-widget {{ padding: {AIR}px !important; }}"
OPEN_ROW = 0  # "stable": its opened view reads as its card does

TABULAR = """
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw

data = load_breast_cancer()
model = LogisticRegression(max_iter=5000).fit(data.data, data.target)
explainer = lw.LimeTabularExplainer(
    data.data, feature_names=list(data.feature_names),
    class_names=list(data.target_names), random_state=0)
g = explainer.gallery(data.data[::12], model.predict_proba, true_labels=data.target[::12],
                      num_samples=1000, num_features=5)
g
"""

FACES = """
import numpy as np
from skimage.data import lfw_subset
from skimage.segmentation import slic
from sklearn.linear_model import LogisticRegression

import lime_widget as lw

faces = lfw_subset()  # 200 greyscale pictures of 25x25: 100 faces, then 100 non-faces
labels = np.r_[np.ones(100), np.zeros(100)].astype(int)
model = LogisticRegression(C=0.1, max_iter=2000).fit(faces.reshape(200, -1), labels)


def predict(images):
    return model.predict_proba(images[..., 0].reshape(len(images), -1))


rgb = np.stack([faces] * 3, axis=-1)
explainer = lw.LimeImageExplainer(random_state=0, class_names=["not a face", "face"])
g = explainer.gallery(
    rgb[::20], predict, true_labels=labels[::20], num_samples=300, num_features=4,
    segmentation_fn=lambda im: slic(im, n_segments=25, compactness=1, start_label=0))
g
"""


def _settled_gallery(page: Page, notebook: Any, jupyter: Any, offline: Any, cell: str) -> Any:
    """The gallery of *cell*, every card explained, assessed and drawn; the outside requests."""
    page.set_viewport_size(VIEWPORT)
    outside = offline(jupyter)
    notebook([cell])
    page.add_style_tag(content=AIR_CSS)
    run_all_cells(page, timeout=RENDER_TIMEOUT_MS)
    gallery = page.locator(by_testid("lw-gallery"))
    # "done": explainer.gallery's run has ended; "ready": a batch's as_widget
    wait_attr(
        page, gallery, "data-status", lambda v: v in ("done", "ready"), timeout=STREAM_TIMEOUT_MS
    )
    wait_attr(page, gallery, "data-assessing", "0", timeout=STREAM_TIMEOUT_MS)
    total = wait_attr(page, gallery, "data-total", lambda v: int(v) > 0)
    wait_attr(page, gallery, "data-cards", total)
    expect(page.locator(by_testid("lw-gallery-progress"))).to_have_text(f"{total} explained")
    expect(page.locator(".lw-card", has_text="stability: …")).to_have_count(0)  # assessing
    expect(gallery.locator('[data-ready="false"]')).to_have_count(0)  # every thumbnail drawn
    page.mouse.move(0, 0)  # no hover highlight in the picture
    return outside


def _shoot(page: Page, top: Locator, bottom: Locator, name: str) -> Path:
    """From *top*'s top to *bottom*'s bottom, as wide as the wider of the two."""
    a, b = top.bounding_box(), bottom.bounding_box()
    assert a is not None, f"{name}: nothing at the top to take a picture of"
    assert b is not None, f"{name}: nothing at the bottom to take a picture of"
    # JupyterLab scrolls the notebook inside its panel: what lies below the window is not drawn
    assert b["y"] + b["height"] <= VIEWPORT["height"], f"{name}: taller than the window"
    scroll = page.evaluate("() => [window.scrollX, window.scrollY]")
    left = min(a["x"], b["x"])
    right = max(a["x"] + a["width"], b["x"] + b["width"])
    clip = {
        "x": left + scroll[0],
        "y": a["y"] + scroll[1],
        "width": right - left,
        "height": b["y"] + b["height"] - a["y"],
    }
    path = Path(SHOTS) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip=clip, full_page=True, animations="disabled", caret="hide")
    return path


@LAB_ONLY
def test_tabular_gallery_and_an_opened_card(
    page: Page, notebook: Callable[..., str], jupyter: Any, offline: Any
) -> None:
    outside = _settled_gallery(page, notebook, jupyter, offline, TABULAR)
    gallery = page.locator(by_testid("lw-gallery"))
    expect(page.locator(".lw-card").first).to_contain_text("true: ")
    _shoot(page, gallery, gallery, "gallery-tabular.png")

    page.locator(f".lw-card[data-row='{OPEN_ROW}']").click()
    root = page.locator(by_testid("lw-root"))
    expect(root).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    wait_attr(page, root, "data-status", "idle", timeout=RENDER_TIMEOUT_MS)
    wait_attr(page, root, "data-diagnostics", "fresh", timeout=STREAM_TIMEOUT_MS)
    expect(page.locator(f".lw-card[data-row='{OPEN_ROW}']")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.mouse.move(0, 0)
    _shoot(page, gallery, root, "gallery-opened.png")
    assert outside == []


@LAB_ONLY
def test_image_gallery(
    page: Page, notebook: Callable[..., str], jupyter: Any, offline: Any
) -> None:
    outside = _settled_gallery(page, notebook, jupyter, offline, FACES)
    gallery = page.locator(by_testid("lw-gallery"))
    # the classes by name on the cards (not "1"), both among the true labels
    expect(page.locator(".lw-card", has_text="true: face")).not_to_have_count(0)
    expect(page.locator(".lw-card", has_text="true: not a face")).not_to_have_count(0)
    _shoot(page, gallery, gallery, "gallery-image.png")
    assert outside == []
