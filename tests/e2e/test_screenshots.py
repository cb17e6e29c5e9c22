"""The pictures under docs/, retaken by ``make screenshot`` (LW_SCREENSHOTS=docs).

Skipped unless LW_SCREENSHOTS names a directory, so ``make test`` never starts a server or a
page for them. Each picture is cropped to the widget's root, with 8 px of air around it (a PNG
of 100-200 KB):

- widget.png: the breast-cancer tabular widget in JupyterLab, diagnostics shown;
- widget-dark.png: the same in the JupyterLab Dark theme;
- widget-narrow.png: the same in a 360 px wide cell (controls stacked);
- image-hover.png: an image explanation with its top bar hovered (region lit, readout shown);
- saved-file.png: widget.png's explanation, ``exp.save_to_file(path)``, opened in Chromium with
  the network blocked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .cancer import widget_explanation
from .conftest import OfflinePage
from .helpers import by_testid, run_all_cells, wait_attr
from .test_widget import LAB_ONLY, cells

SHOTS = os.environ.get("LW_SCREENSHOTS", "")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not SHOTS, reason="set LW_SCREENSHOTS=dir to retake docs/ pictures"),
]
WIDE = {"width": 1400, "height": 2400}  # the whole widget in view, no toolbar over it
NARROW_PX = 360
# A little air around each picture, inside the root: a margin taken from the page would catch
# the notebook's borders. Injected before the widget renders, so it lays out with it.
AIR = 8
AIR_CSS = f".lime-widget {{ padding: {AIR}px !important; }}"


def _shoot(page: Page, target: Locator, name: str, margin: int = 0) -> Path:
    """*target* and a *margin* of what lies around it (the page background)."""
    box = target.bounding_box()
    assert box is not None, f"{name}: nothing to take a picture of"
    scroll = page.evaluate("() => [window.scrollX, window.scrollY]")  # full_page: page coords
    left, top = box["x"] + scroll[0], box["y"] + scroll[1]
    x, y = max(left - margin, 0), max(top - margin, 0)
    clip = {
        "x": x,
        "y": y,
        "width": left + box["width"] + margin - x,
        "height": top + box["height"] + margin - y,
    }
    path = Path(SHOTS) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip=clip, full_page=True, animations="disabled", caret="hide")
    return path


def _rendered(page: Page) -> str:
    return page.locator(by_testid("lw-root")).get_attribute("data-rendered-at") or ""


def _set_theme(page: Page, theme: str, light: bool) -> None:
    page.evaluate(
        "t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", theme
    )
    page.wait_for_function(
        "light => document.body.dataset.jpThemeLight === String(light)", arg=light
    )


@pytest.fixture
def settled_tabular(page: Page, notebook: Any, jupyter: Any) -> Iterator[Locator]:
    """The tabular widget of test_widget.py, idle, with its diagnostics; light theme after."""
    page.set_viewport_size(WIDE)
    notebook(cells())
    page.add_style_tag(content=AIR_CSS)
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    wait_attr(page, "lw-root", "data-diagnostics", "fresh")
    yield page.locator(by_testid("lw-root"))
    # the theme is a server setting: leave the session's later tests in the light theme
    _set_theme(page, "JupyterLab Light", light=True)


@LAB_ONLY
def test_tabular_light_dark_and_narrow(settled_tabular: Locator, page: Page) -> None:
    root = settled_tabular
    expect(page.locator(by_testid("lw-sweep"))).to_be_visible()
    _shoot(page, root, "widget.png")

    _set_theme(page, "JupyterLab Dark", light=False)
    _shoot(page, root, "widget-dark.png")
    _set_theme(page, "JupyterLab Light", light=True)

    before = _rendered(page)
    cell = NARROW_PX + 2 * AIR  # its content box is NARROW_PX wide
    root.evaluate(f"el => {{ el.parentElement.style.width = '{cell}px'; }}")
    wait_attr(page, "lw-root", "data-rendered-at", lambda v: v != before)
    assert root.evaluate("el => el.getBoundingClientRect().width") <= cell + 1
    _shoot(page, root, "widget-narrow.png")
    # nothing wider than the cell: no sideways scroll anywhere inside the widget
    overflowing = root.evaluate(
        """root => [root, ...root.querySelectorAll('*')]
            .filter(el => el.scrollWidth > el.clientWidth + 1
                && getComputedStyle(el).overflowX !== 'visible')
            .map(el => el.className.baseVal ?? el.className)"""
    )
    assert overflowing == []


ASTRONAUT = """
import numpy as np
from skimage.data import astronaut
from skimage.segmentation import slic
from skimage.transform import resize

import lime_widget as lw

image = (resize(astronaut(), (256, 256)) * 255).astype(np.uint8)
segments = slic(image, n_segments=40, compactness=10, start_label=0)
FACE = (slice(40, 92), slice(94, 138))  # rows, columns of the face
FLAG = (slice(0, 190), slice(0, 40))


def kept(images, box):
    '''The share of a box's pixels a perturbed image still has from the original.'''
    same = (np.asarray(images)[:, box[0], box[1]] == image[box]).all(axis=-1)
    return same.mean(axis=(1, 2))


def face_model(images):
    '''A stand-in face detector: it looks at the face, and the flag distracts it a little.'''
    p = np.clip(0.2 + 0.7 * kept(images, FACE) - 0.15 * kept(images, FLAG), 0, 1)
    return np.column_stack([1 - p, p])


iw = lw.LimeImageExplainer(random_state=0).interact(
    image, face_model, num_samples=400, num_features=6, segmentation_fn=lambda im: segments
)
iw
"""


@LAB_ONLY
def test_image_with_a_bar_hovered(page: Page, notebook: Any, jupyter: Any) -> None:
    page.set_viewport_size({"width": 1200, "height": 1800})
    notebook([ASTRONAUT])
    page.add_style_tag(content=AIR_CSS)
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    wait_attr(page, "lw-root", "data-diagnostics", "fresh")
    bar = page.locator(by_testid("lw-bar")).first
    sid = bar.get_attribute("data-feature-id")
    bar.hover()
    expect(page.locator(by_testid("lw-picture"))).to_have_attribute("data-highlight", str(sid))
    expect(page.locator(by_testid("lw-image-readout"))).to_contain_text(f"superpixel {sid}")
    _shoot(page, page.locator(by_testid("lw-root")), "image-hover.png")


# Saving it warns ~230 times (LinAlgWarning from lime's own Ridge, which the offline grid
# runs at its narrowest, degenerate widths): noise in `make screenshot`'s output.
@pytest.mark.filterwarnings("ignore::scipy.linalg.LinAlgWarning")
def test_saved_file_in_chromium(offline_page: OfflinePage, tmp_path: Path) -> None:
    page, blocked, _ = offline_page
    path = tmp_path / "explanation.html"
    widget_explanation().save_to_file(path)
    page.goto(path.as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    expect(page.locator(by_testid("lw-offline-note"))).to_be_visible()
    expect(page.locator(by_testid("lw-sweep"))).to_be_visible()
    _shoot(page, page.locator("#lw-page"), "saved-file.png", margin=AIR)
    assert blocked == []  # the file asked the network for nothing
