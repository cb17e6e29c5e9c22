"""The live widget in real JupyterLab 4 and Notebook 7 pages, in headless Chromium.

What a user would notice: the widget renders; each slider changes the chart; kernel-width
moves cost the model nothing; more samples stream in with progress to the end; a model
error is shown while the last chart stays; hostile names show as text and never run;
with pushes lost (Colab) the page still gets there by pulling.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import attrs, by_testid, run_all_cells, run_code, set_range_value, wait_attr

pytestmark = pytest.mark.e2e
LAB_ONLY = pytest.mark.parametrize("jupyter", ["lab"], indirect=True)

SETUP = """
import time

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw

data = load_breast_cancer()
X = data.data
model = LogisticRegression(max_iter=5000).fit(X, data.target)


class Counted:
    '''The model, counting the rows it is asked about; can be slowed down or broken.'''

    def __init__(self):
        self.rows, self.delay, self.fail = 0, 0.0, None

    def __call__(self, rows):
        if self.fail:
            raise RuntimeError(self.fail)
        if self.delay:
            time.sleep(self.delay)
        self.rows += len(rows)
        return model.predict_proba(rows)


predict = Counted()
"""

WIDGET = """
explainer = lw.LimeTabularExplainer(
    X, feature_names=FEATURE_NAMES, class_names=CLASS_NAMES, random_state=0
)
w = explainer.interact(X[0], predict, num_samples=1000, batch_size=200)
w
"""


def cells(
    feature_names: str = "list(data.feature_names)", class_names: str = "list(data.target_names)"
) -> list[str]:
    widget = WIDGET.replace("FEATURE_NAMES", feature_names).replace("CLASS_NAMES", class_names)
    return [SETUP, widget]


def bars(page: Page) -> list[dict[str, str]]:
    return page.locator(by_testid("lw-bar")).evaluate_all(
        "els => els.map(e => ({name: e.dataset.name, weight: e.dataset.weight}))"
    )


def rows_asked(page: Page) -> int:
    return int(run_code(page, "print(predict.rows)").stdout)


def shown_seq(page: Page) -> int:
    return int(attrs(page, "lw-root")["data-seq"])


def test_sliders_refit_the_chart_and_samples_stream(page: Page, notebook, jupyter) -> None:
    notebook(cells())
    run_all_cells(page)
    root = page.locator(by_testid("lw-root"))
    expect(root).to_be_visible()
    wait_attr(page, "lw-root", "data-status", "idle")
    assert len(bars(page)) == 10
    assert rows_asked(page) == 1000
    expect(page.locator(by_testid("lw-fidelity"))).to_contain_text("R²")

    # kernel width: the chart changes, the model is not asked
    before = bars(page)
    width = attrs(page, "lw-root")["data-kernel-width"]
    set_range_value(page, "lw-kernel-width", 40, via=[80, 60])
    wait_attr(page, "lw-root", "data-kernel-width", lambda v: v != width)
    wait_attr(page, "lw-root", "data-status", "idle")
    assert bars(page) != before
    assert rows_asked(page) == 1000

    # features K: four bars
    set_range_value(page, "lw-num-features", 4, via=[8, 6])
    wait_attr(page, "lw-root", "data-num-features", "4")
    expect(page.locator(by_testid("lw-bar"))).to_have_count(4)
    assert rows_asked(page) == 1000

    # more samples: progress while the model is asked about the new rows only
    run_code(page, "predict.delay = 0.15")
    set_range_value(page, "lw-num-samples", 3000)
    wait_attr(page, "lw-root", "data-status", "collecting")
    expect(page.locator(by_testid("lw-progress"))).to_be_visible()
    expect(page.locator(by_testid("lw-status"))).to_contain_text("collecting")
    wait_attr(page, "lw-root", "data-status", "idle", timeout=60_000)
    assert attrs(page, "lw-root")["data-num-samples"] == "3000"
    assert rows_asked(page) == 3000

    # a model error is shown; the last chart stays
    run_code(page, "predict.delay = 0.0\npredict.fail = 'the model server is down'")
    shown = bars(page)
    set_range_value(page, "lw-num-samples", 4000)
    error = page.locator(by_testid("lw-error"))
    expect(error).to_contain_text("the model server is down")
    assert bars(page) == shown
    # and the next change tries again
    run_code(page, "predict.fail = None")
    set_range_value(page, "lw-num-samples", 4500)
    wait_attr(page, "lw-root", "data-num-samples", "4500", timeout=60_000)
    wait_attr(page, "lw-root", "data-status", "idle")
    expect(error).to_be_hidden()


@LAB_ONLY  # trait round trips: one front end is enough
def test_python_and_the_page_drive_the_same_traits(page: Page, notebook, jupyter) -> None:
    notebook(cells())
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    run_code(page, "w.kernel_width = 1.5\nw.num_features = 3\nw.label = 0")
    wait_attr(page, "lw-root", "data-kernel-width", "1.5")
    wait_attr(page, "lw-root", "data-label", "0")
    expect(page.locator(by_testid("lw-bar"))).to_have_count(3)
    out = run_code(page, "e = w.wait(30)\nprint(len(e.as_list(label=0)), predict.rows)").stdout
    assert out.split() == ["3", "1000"]


@LAB_ONLY  # the same bundle renders in both front ends
def test_hostile_names_show_as_text_and_never_run(page: Page, notebook, jupyter) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    payload = "<img src=x onerror=alert(1)>"
    notebook(
        cells(
            feature_names=f"[{payload!r} + str(i) for i in range(30)]",
            class_names=f"['<script>alert(2)</script>', {payload!r}]",
        )
    )
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    root = page.locator(by_testid("lw-root"))
    assert root.locator("img, script").count() == 0
    names = [b["name"] for b in bars(page)]
    assert names
    assert all(name.startswith("<img src=x onerror=alert(1)>") for name in names)
    expect(page.locator(by_testid("lw-chart"))).to_contain_text("<img src=x onerror=alert(1)>")
    expect(root).to_contain_text("<script>alert(2)</script>")
    page.evaluate("() => new Promise(r => setTimeout(r, 0))")  # let any injected handler fire
    assert dialogs == []


@LAB_ONLY  # the pull path is front-end code shared by both
def test_pulls_alone_deliver_the_stream_as_on_colab(page: Page, notebook, jupyter) -> None:
    notebook(cells())
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    run_code(page, "w._deliver_pushes = False\npredict.delay = 0.1")
    seq = shown_seq(page)
    set_range_value(page, "lw-num-samples", 2500)
    wait_attr(page, "lw-root", "data-status", "collecting")
    wait_attr(page, "lw-root", "data-num-samples", "2500", timeout=60_000)
    wait_attr(page, "lw-root", "data-status", "idle", timeout=60_000)
    assert shown_seq(page) > seq + 1  # several states arrived, all by pulling
    assert rows_asked(page) == 2500
    # the diagnostics come after the fit, once the parameters rest: pulls deliver them too
    wait_attr(page, "lw-root", "data-diagnostics", "fresh", timeout=30_000)
    expect(page.locator(by_testid("lw-stability"))).to_be_visible()
    expect(page.locator(by_testid("lw-whisker")).first).to_be_attached()
    expect(page.locator(by_testid("lw-sweep"))).to_be_visible()


TEXT_AND_IMAGE = """
import numpy as np
from skimage.data import astronaut
from skimage.segmentation import slic
from skimage.transform import resize

import lime_widget as lw


def text_model(docs):
    p = np.array([0.85 if "good" in d else 0.25 for d in docs])
    return np.column_stack([1 - p, p])


tw = lw.LimeTextExplainer(class_names=["bad", "good"], random_state=0).interact(
    "A good film with a good cast, but a <b>dull</b> ending", text_model, num_samples=400
)

image = (resize(astronaut(), (64, 64)) * 255).astype(np.uint8)
segments = slic(image, n_segments=30, start_label=0)


def image_model(images):
    red = np.asarray(images, dtype=float)[:, :32, :, 0].mean(axis=(1, 2)) / 255
    return np.column_stack([1 - red, red])


iw = lw.LimeImageExplainer(random_state=0).interact(
    image, image_model, num_samples=300, segmentation_fn=lambda im: segments
)
"""


@LAB_ONLY
def test_text_tokens_and_image_superpixels_are_drawn(page: Page, notebook, jupyter) -> None:
    notebook([TEXT_AND_IMAGE, "tw", "iw"])
    run_all_cells(page)
    text_root = page.locator(by_testid("lw-root")).nth(0)
    image_root = page.locator(by_testid("lw-root")).nth(1)
    wait_attr(page, text_root, "data-status", "idle")
    wait_attr(page, image_root, "data-status", "idle")

    tokens = text_root.locator(by_testid("lw-token"))
    words = tokens.evaluate_all("els => els.map(e => e.textContent)")
    assert "".join(words) == "A good film with a good cast, but a <b>dull</b> ending"
    weighted = text_root.locator(f"{by_testid('lw-token')}[data-weight]")
    good = weighted.filter(has_text="good")
    expect(good).to_have_count(2)  # both occurrences of the top word are highlighted
    assert float(good.first.get_attribute("data-weight") or 0) > 0
    assert text_root.locator("b").count() == 0  # the document's markup is text

    canvas = image_root.locator(by_testid("lw-image"))
    expect(canvas).to_be_visible()
    painted = canvas.evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                  return n / (d.length / 4); }"""
    )
    assert painted > 0.9  # the picture is drawn, not a blank canvas
    before = canvas.evaluate("c => c.toDataURL()")
    set_range_value(page, image_root.locator(by_testid("lw-opacity")), 0.9)
    page.wait_for_function(
        "([c, before]) => c.toDataURL() !== before", arg=[canvas.element_handle(), before]
    )


TOP_5 = """
iw5 = lw.LimeImageExplainer(random_state=0).interact(
    image, image_model, num_samples=300, num_features=5, segmentation_fn=lambda im: segments
)
iw5
"""
INTERIOR_PIXEL = """
ys, xs = np.nonzero(segments == {sid})
inside = [
    (x, y) for x, y in zip(xs, ys)
    if 0 < x < 63 and 0 < y < 63 and (segments[y - 2:y + 3, x - 2:x + 3] == {sid}).all()
]
x, y = inside[len(inside) // 2] if inside else (xs[len(xs) // 2], ys[len(ys) // 2])
oy, ox = np.argwhere(segments != {sid})[0]
print(int(x), int(y), int(ox), int(oy))
"""


@LAB_ONLY
def test_image_bars_and_regions_light_each_other(page: Page, notebook, jupyter) -> None:
    page.set_viewport_size({"width": 1200, "height": 1800})  # the whole widget in view
    notebook([TEXT_AND_IMAGE, TOP_5])
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    picture = page.locator(by_testid("lw-picture"))
    readout = page.locator(by_testid("lw-image-readout"))
    chart = page.locator(by_testid("lw-chart"))
    bar_list = page.locator(by_testid("lw-bar"))
    expect(bar_list).to_have_count(5)  # K of the 13 superpixels
    names = bar_list.evaluate_all("els => els.map(e => e.dataset.name)")
    ids = bar_list.evaluate_all("els => els.map(e => e.dataset.featureId)")
    assert names == [f"superpixel {i}" for i in ids]  # named, not bare numbers

    # only the top K carry tags, and each tag names a superpixel of the bars
    tags = page.locator(by_testid("lw-tag"))
    expect(tags.first).to_be_visible()
    tag_ids = tags.evaluate_all("els => els.map(e => e.dataset.featureId)")
    assert 0 < len(tag_ids) <= 5
    assert set(tag_ids) <= set(ids)
    for tag in tag_ids:
        assert page.locator(f"{by_testid('lw-tag')}[data-feature-id='{tag}']").inner_text() == (
            f"S{tag}"
        )
    legend = page.locator(by_testid("lw-image-legend")).inner_text()
    assert "stronger tint = larger |weight|" in legend
    assert "the top 5 of 13 tinted" in legend

    # bar -> region: hovering a bar lights its superpixel and names it under the image
    first = bar_list.nth(0)
    sid = ids[0]
    first.hover()
    expect(picture).to_have_attribute("data-highlight", sid)
    expect(readout).to_contain_text(f"superpixel {sid} (S{sid}):")
    expect(page.locator(f"{by_testid('lw-tag')}[data-feature-id='{sid}']")).to_have_class(
        re.compile(r"tag--lit")
    )

    # keyboard: focusing a bar does the same
    page.mouse.move(0, 0)
    expect(picture).not_to_have_attribute("data-highlight", re.compile(".*"))
    second = bar_list.nth(1)
    assert second.get_attribute("tabindex") == "0"
    assert (second.get_attribute("aria-label") or "").startswith(f"superpixel {ids[1]}")
    second.focus()
    expect(picture).to_have_attribute("data-highlight", ids[1])
    expect(readout).to_contain_text(f"superpixel {ids[1]} (S{ids[1]}):")
    second.evaluate("el => el.blur()")
    expect(picture).not_to_have_attribute("data-highlight", re.compile(".*"))

    # region -> bar: the pointer over a superpixel lights its bar and shows its weight
    x, y, ox, oy = map(int, run_code(page, INTERIOR_PIXEL.format(sid=sid)).stdout.split())
    canvas = page.locator(by_testid("lw-image"))
    brightness = """(c, [x, y]) => { const k = (y * c.width + x) * 4;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        return d[k] + d[k + 1] + d[k + 2]; }"""
    before = (canvas.evaluate(brightness, [x, y]), canvas.evaluate(brightness, [ox, oy]))
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(
        box["x"] + (x + 0.5) * box["width"] / 64, box["y"] + (y + 0.5) * box["height"] / 64
    )
    expect(picture).to_have_attribute("data-highlight", sid)
    expect(chart).to_have_attribute("data-highlight", sid)
    expect(first).to_have_class(re.compile(r"row--lit"))
    expect(bar_list.nth(1)).not_to_have_class(re.compile(r"row--lit"))
    weight = float(first.get_attribute("data-weight") or "nan")
    side = "for" if weight > 0 else "against"
    expect(readout).to_have_text(
        re.compile(rf"^superpixel {sid} \(S{sid}\): [+\u2212]\d[\d.]*(e\S+)?, {side} ")
    )
    # the lit superpixel keeps its pixels; the rest of the picture is dimmed
    after = (canvas.evaluate(brightness, [x, y]), canvas.evaluate(brightness, [ox, oy]))
    assert after[0] == before[0]
    assert after[1] < 0.6 * before[1]
    root = page.locator(by_testid("lw-root"))
    root.screenshot(path="/tmp/image_hover.png")

    page.mouse.move(0, 0)
    expect(picture).not_to_have_attribute("data-highlight", re.compile(".*"))
    expect(chart).not_to_have_attribute("data-highlight", re.compile(".*"))

    # a 320 px cell: the picture, readout and legend fit without sideways scrolling
    root.evaluate("el => { el.style.width = '320px'; }")
    image_view = page.locator(".lime-widget__image")
    page.wait_for_function(
        "el => el.getBoundingClientRect().width <= 320", arg=image_view.element_handle()
    )
    assert image_view.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert canvas.evaluate("c => c.getBoundingClientRect().width") <= 320
    expect(tags.first).to_be_visible()
    root.screenshot(path="/tmp/image_narrow.png")


@LAB_ONLY
def test_show_in_notebook_renders_in_jupyterlab(page: Page, notebook, jupyter) -> None:
    notebook(
        [
            SETUP,
            "exp = lw.LimeTabularExplainer(X, random_state=0).explain_instance("
            "X[0], predict, num_samples=500, top_labels=1)\n"
            "_ = exp.show_in_notebook()",
        ]
    )
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    expect(page.locator(by_testid("lw-bar"))).to_have_count(10)
    assert rows_asked(page) == 500  # showing it asked the model nothing more


def test_arrow_keys_on_a_clicked_slider_stay_in_the_widget(page: Page, notebook, jupyter) -> None:
    """Notebook 7 took them: focus jumped to the cell above and collapsed its section."""
    notebook(cells())
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    active = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
        .findIndex(c => c.classList.contains('jp-mod-active'))"""
    slider = page.locator(by_testid("lw-kernel-width"))
    slider.click()  # the thumb jumps to the middle and the slider has the focus
    clicked = slider.evaluate("el => Number(el.value)")
    cell = page.evaluate(active)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert slider.evaluate("el => Number(el.value)") == clicked - 2
    assert slider.evaluate("el => el === document.activeElement")
    assert page.evaluate(active) == cell  # the notebook's focus did not move
    assert (
        page.locator(
            ".jp-Cell.jp-mod-collapsed, .jp-collapseHeadingButton[data-heading-collapsed='true']"
        ).count()
        == 0
    )
    page.keyboard.press("ArrowRight")
    assert slider.evaluate("el => Number(el.value)") == clicked - 1
    wait_attr(page, "lw-root", "data-status", "idle")
    assert attrs(page, "lw-root")["data-kernel-width"] != ""


@LAB_ONLY
def test_keyboard_dark_theme_and_a_narrow_cell(page: Page, notebook, jupyter) -> None:
    page.set_viewport_size({"width": 760, "height": 1000})
    notebook(cells())
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    root = page.locator(by_testid("lw-root"))
    assert root.evaluate("el => el.scrollWidth <= el.clientWidth + 1")  # no sideways scroll

    # keyboard: a focused slider steps with the arrow keys
    page.locator(by_testid("lw-num-features")).focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_attr(page, "lw-root", "data-num-features", "8")
    expect(page.locator(by_testid("lw-bar"))).to_have_count(8)

    # dark theme: labels stay readable against the cell background
    page.evaluate(
        "() => window.jupyterapp.commands.execute('apputils:change-theme', "
        "{theme: 'JupyterLab Dark'})"
    )
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
    page.wait_for_function(
        """() => {
            const label = document.querySelector('[data-testid="lw-bar"] text');
            const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = c => { const [r, g, b] = rgb(c).map(v => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            let el = label, bg = 'rgba(0, 0, 0, 0)';
            while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
                el = el.parentElement; if (el) bg = getComputedStyle(el).backgroundColor; }
            const fg = getComputedStyle(label).fill;
            const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05) >= 4.5;
        }"""
    )


@LAB_ONLY
def test_stability_intervals_sweep_and_until_stable(page: Page, notebook, jupyter) -> None:
    notebook(cells())
    run_all_cells(page)
    wait_attr(page, "lw-root", "data-status", "idle")
    wait_attr(page, "lw-root", "data-diagnostics", "fresh")
    stability = float(attrs(page, "lw-stability")["data-stability"])
    assert 0 <= stability <= 1
    expect(page.locator(by_testid("lw-whisker"))).to_have_count(10)
    expect(page.locator(by_testid("lw-frequency"))).to_have_count(10)
    sweep = page.locator(by_testid("lw-sweep"))
    expect(sweep).to_be_visible()

    # clicking the kernel-width chart chooses that width; the model is not asked
    width = attrs(page, "lw-root")["data-kernel-width"]
    box = sweep.bounding_box()
    assert box is not None
    sweep.click(position={"x": box["width"] * 0.8, "y": box["height"] / 2})
    wait_attr(page, "lw-root", "data-kernel-width", lambda v: v != width)
    assert float(attrs(page, "lw-root")["data-kernel-width"]) > float(width)
    assert rows_asked(page) == 1000

    # a very narrow kernel leaves a handful of effective samples: the widget warns
    set_range_value(page, "lw-kernel-width", 0)
    expect(page.locator(by_testid("lw-ess-warning"))).to_contain_text("effective sample")

    # until stable: grows the sample, reusing every row, and stops
    set_range_value(page, "lw-kernel-width", 100)
    wait_attr(page, "lw-root", "data-diagnostics", "fresh")
    settled = attrs(page, "lw-settled")["data-settled"]
    page.locator(by_testid("lw-until-stable")).click()
    wait_attr(page, "lw-root", "data-num-samples", lambda v: settled == "true" or int(v) > 1000)
    wait_attr(page, "lw-root", "data-status", "idle", timeout=120_000)
    n = int(attrs(page, "lw-root")["data-num-samples"])
    assert rows_asked(page) == n  # every earlier row reused
