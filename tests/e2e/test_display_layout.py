"""What user trials found hard to read, measured in Chromium on saved pages (no server).

A saved explanation (``exp.save_to_file``: the same front end as the widget) and a saved
gallery, opened from file:

- at 360 px the weights chart leaves its bars at least 40 % of its width (labels go above
  the bars), and an interval too narrow for end caps is drawn without them (two caps a few
  px apart beside the value read as the letter "H");
- the kernel-width view names its R² line, and draws it apart from the zero line it can
  run along (R² ≈ 0.5);
- the instance table's scroll box ends on a row's edge, and shades its bottom while more
  rows follow; so does the script-free rendering's (``exp`` at the end of a cell), on a bare
  page, under JupyterLab's table CSS and with scroll bars that take room; and so do the
  other scroll boxes: a long text's (between two lines), a tall time-step grid's and a
  chart of many bars' (the widget's, at several text sizes, and the script-free ones);
- a gallery card cuts a long condition in the feature's name, never in its thresholds.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbconvert import HTMLExporter
from playwright.sync_api import Locator, Page, Playwright, expect
from scipy.linalg import LinAlgWarning
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw

from .cancer import cancer_explainer, widget_explanation
from .conftest import CHROMIUM, CHROMIUM_ARGS
from .helpers import by_testid, wait_attr

pytestmark = pytest.mark.e2e
NARROW_PX = 360  # docs/widget-narrow.png's cell
MIN_BAR_SHARE = 0.4  # js/charts/bar-layout.ts
MIN_CAPPED_SPAN = 10  # js/charts/bar-layout.ts


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """widget.png's explanation (the first row), saved as one offline page."""
    exp = widget_explanation()
    path = tmp_path_factory.mktemp("display") / "explanation.html"
    # ~230 LinAlgWarnings from lime's own Ridge at the offline grid's narrowest widths.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LinAlgWarning)
        exp.save_to_file(path)
    return path


def _open(page: Page, path: Path, width: int | None = None) -> None:
    page.goto(path.as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    if width is not None:
        _resize(page, width)


def _resize(page: Page, width: int) -> None:
    root = page.locator(by_testid("lw-root"))
    before = root.get_attribute("data-rendered-at")
    root.evaluate(f"el => {{ el.parentElement.style.width = '{width}px'; }}")
    wait_attr(page, "lw-root", "data-rendered-at", lambda v: v != before)


# The chart's geometry as drawn: its width, the bars' extent, each text's box, each whisker.
CHART = """svg => {
    const box = b => ({x: b.x, y: b.y, width: b.width, height: b.height});
    const bars = [...svg.querySelectorAll('.lime-widget__bar')].map(b => b.getBBox());
    const rows = [...svg.querySelectorAll('[data-testid="lw-bar"]')].map(row => {
        const whisker = row.querySelector('[data-testid="lw-whisker"]');
        const label = row.querySelector('.lime-widget__label');
        return {
            name: row.dataset.name,
            label: label.textContent,
            texts: [...row.querySelectorAll('text')].map(t => box(t.getBBox())),
            labelBox: box(label.getBBox()),
            value: box(row.querySelector('.lime-widget__value').getBBox()),
            negative: Number(row.dataset.weight) < 0,
            whisker: whisker && {d: whisker.getAttribute('d'), ...box(whisker.getBBox())},
        };
    });
    return {
        width: svg.getBoundingClientRect().width,
        left: Math.min(...bars.map(b => b.x)),
        right: Math.max(...bars.map(b => b.x + b.width)),
        rows,
    };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 0.5
        and b["x"] < a["x"] + a["width"] - 0.5
        and a["y"] < b["y"] + b["height"] - 0.5
        and b["y"] < a["y"] + a["height"] - 0.5
    )


def test_a_360px_chart_gives_its_bars_their_share_and_whiskers_read_as_intervals(
    page: Page, saved: Path
) -> None:
    _open(page, saved, NARROW_PX)
    chart = page.locator(by_testid("lw-chart"))
    drawn = chart.evaluate(CHART)
    assert drawn["width"] == pytest.approx(NARROW_PX, abs=1)
    # Before: the labels beside the bars left them ~51 px of 344.
    share = (drawn["right"] - drawn["left"]) / drawn["width"]
    assert share >= MIN_BAR_SHARE, f"bars take {share:.0%} of the chart"
    assert chart.get_attribute("data-stacked") == "true"

    texts = [t for row in drawn["rows"] for t in row["texts"]]
    for i, a in enumerate(texts):
        assert a["x"] >= -0.5, a
        assert a["x"] + a["width"] <= drawn["width"] + 0.5, a
        assert not any(_overlap(a, b) for b in texts[i + 1 :]), a
    # Labels have a line of their own: whole conditions, thresholds and all.
    assert [row["label"] for row in drawn["rows"]] == [row["name"] for row in drawn["rows"]]

    capped = 0
    for row in drawn["rows"]:
        whisker, value = row["whisker"], row["value"]
        assert whisker is not None, row["name"]
        if "V" in whisker["d"]:
            capped += 1
            assert whisker["width"] >= MIN_CAPPED_SPAN - 2, row  # bbox: less half a stroke
        else:
            assert whisker["width"] < MIN_CAPPED_SPAN + 2, row
        gap = (
            whisker["x"] - (value["x"] + value["width"])
            if row["negative"]
            else value["x"] - (whisker["x"] + whisker["width"])
        )
        assert gap >= 4.5, (row["name"], gap)  # the value never touches the whisker's end
    assert capped > 0  # wide intervals keep their caps


def test_the_r2_line_is_named_and_drawn_apart_from_the_zero_line(page: Page, saved: Path) -> None:
    _open(page, saved)
    sweep = page.locator(by_testid("lw-sweep"))
    expect(sweep).to_be_visible()
    found = sweep.evaluate(
        """svg => {
            const score = svg.querySelector('[data-testid="lw-sweep-score"]');
            const name = svg.querySelector('[data-testid="lw-sweep-score-label"]');
            const zero = svg.querySelector('.lime-widget__sweep-axes .lime-widget__axis');
            const s = getComputedStyle(score), z = getComputedStyle(zero);
            const end = score.getPointAtLength(score.getTotalLength());
            const box = name && name.getBBox();
            return {
                name: name && name.firstChild.textContent,
                near: box && Math.hypot(box.x + box.width - end.x, box.y + box.height / 2 - end.y),
                zeroY: Number(zero.getAttribute('y1')), endY: end.y,
                score: [parseFloat(s.strokeWidth), s.strokeDasharray, s.stroke],
                zero: [parseFloat(z.strokeWidth), z.strokeDasharray, z.stroke],
            };
        }"""
    )
    # widget.png's R² is ~0.51: its line runs within 2 px of the weights' zero line.
    assert abs(found["endY"] - found["zeroY"]) < 3
    assert found["name"] == "R²"
    assert found["near"] < 16  # at the line's end
    width, dashes, colour = found["score"]
    assert width > found["zero"][0]
    assert dashes not in ("none", found["zero"][1])
    assert colour != found["zero"][2]


# Where a scroll box's bottom edge falls among its rows: the elements `rows` selects, or
# (null) its lines of text, each line box from the text's top, one line height apart.
BOX_EDGE = """(box, selector) => {
    const r = box.getBoundingClientRect();
    const bottom = r.top + box.clientTop + box.clientHeight;
    let rows = [];
    if (selector) {
        rows = [...box.querySelectorAll(selector)].map(row => row.getBoundingClientRect());
    } else {
        const tops = new Set();
        const range = document.createRange();
        const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            range.selectNodeContents(node);
            for (const q of range.getClientRects()) if (q.height > 0) tops.add(q.top);
        }
        const lines = [...tops].sort((a, b) => a - b);
        const pitch = (lines[lines.length - 1] - lines[0]) / (lines.length - 1);
        const text = box.querySelector('span')?.parentElement ?? box;
        const style = getComputedStyle(text);
        const start = text.getBoundingClientRect().top + text.clientTop
            + parseFloat(style.paddingTop) - (text === box ? box.scrollTop : 0);
        rows = lines.map((_, i) => ({top: start + i * pitch, bottom: start + (i + 1) * pitch}));
    }
    return {
        bottom,
        rows: rows.length,
        cut: rows.filter(t => t.top < bottom - 1 && t.bottom > bottom + 1).length,
        // Its last whole row's bottom, or the next row's top (below a table's spacing).
        onEdge: rows.some(t => Math.abs(t.bottom - bottom) <= 1 || Math.abs(t.top - bottom) <= 1),
        hidden: rows.filter(t => t.top >= bottom - 1).length,
        more: box.dataset.more,
    };
}"""


def test_the_instance_box_ends_on_a_row_edge(page: Page, saved: Path) -> None:
    _open(page, saved)
    box = page.locator(by_testid("lw-instance")).locator("xpath=..")
    for width in (None, NARROW_PX):
        if width is not None:
            _resize(page, width)
            # Resize observers run after layout, before paint: two frames on, the table's has.
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
        seen = box.evaluate(BOX_EDGE, "tr")
        # 30 features: most rows are below the box (the box scrolls), none is cut by it.
        assert seen["hidden"] > 0
        assert seen["cut"] == 0, seen
        assert seen["onEdge"], seen
        assert seen["more"] == "true"
    box.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    expect(box).to_have_attribute("data-more", "false")


def _static_explanation(long_name: bool = False) -> str:
    """The script-free rendering (``exp`` at the end of a cell) of 10 of the 30 features."""
    _, data, model = cancer_explainer()
    names = list(data.feature_names)
    if long_name:  # as the dataset's description words it: a wide table
        names[0] = "mean radius (mean of distances from center to points on the perimeter)"
    explainer = lw.LimeTabularExplainer(
        data.data, feature_names=names, class_names=list(data.target_names), random_state=0
    )
    exp = explainer.explain_instance(
        data.data[0], model.predict_proba, num_features=10, num_samples=1000
    )
    return exp._repr_html_()


@pytest.fixture(scope="module")
def static_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """It on a bare page, and in nbconvert's JupyterLab page (JupyterLab's own table CSS:
    zebra rows, ``line-height: normal``, 0.5em padding, a border under the header)."""
    folder = tmp_path_factory.mktemp("static")
    markup = _static_explanation()
    return {
        "bare": _bare_page(folder / "bare.html", markup),
        "wide": _bare_page(folder / "wide.html", _static_explanation(long_name=True)),
        "lab": _lab_page(folder / "lab.html", markup),
    }


def _bare_page(path: Path, markup: str) -> Path:
    path.write_text(f"<!doctype html><meta charset=utf-8><body>{markup}</body>", encoding="utf-8")
    return path


def _lab_page(path: Path, markup: str) -> Path:
    """``markup`` as a cell's output in nbconvert's JupyterLab page."""
    output = nbformat.v4.new_output(
        "execute_result", data={"text/html": markup, "text/plain": "<Explanation>"}
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("exp", outputs=[output])])
    lab, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    path.write_text(lab, encoding="utf-8")
    return path


def _open_static(page: Page, path: Path, width: int = 1000, content: str = "table") -> Locator:
    """Open ``path`` offline (nbconvert's page asks a CDN for require.js); the box that
    scrolls ``content`` (the rows' table, or a word of the text)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri())
    page.locator(f"div.lime-widget-static {content}").first.evaluate(
        """table => {  // the box that scrolls it, as the browser sees it
            let el = table.parentElement;
            while (!/auto|scroll/.test(getComputedStyle(el).overflowY)) el = el.parentElement;
            el.dataset.testBox = "";
        }"""
    )
    return page.locator("[data-test-box]")


def _shade_shows(page: Page, box: Locator) -> bool:
    """Whether the strip along the box's bottom edge changes when the shade is hidden (the
    static rendering's shade element, or the widget's inset shadow)."""
    box.scroll_into_view_if_needed()  # the clip is the viewport's
    clip = box.evaluate(
        """box => {
            const r = box.getBoundingClientRect();
            const bottom = r.top + box.clientTop + box.clientHeight;
            return {x: r.left + box.clientLeft, y: bottom - 12, width: box.clientWidth, height: 12};
        }"""
    )
    with_shade = page.screenshot(clip=clip)
    hide = """(box, off) => {
        box.querySelectorAll('[data-shade]').forEach(s => s.style.visibility = off);
        box.style.boxShadow = off && 'none';
    }"""
    box.evaluate(hide, "hidden")
    without = page.screenshot(clip=clip)
    box.evaluate(hide, "")
    return with_shade != without


@pytest.mark.parametrize(
    ("host", "width"), [("bare", 1000), ("bare", NARROW_PX), ("lab", 1000), ("lab", NARROW_PX)]
)
def test_the_static_instance_box_ends_on_a_row_edge_and_shades_while_rows_follow(
    page: Page, static_pages: dict[str, Path], host: str, width: int
) -> None:
    box = _open_static(page, static_pages[host], width)
    seen = box.evaluate(BOX_EDGE, "tr")
    # 30 features: most rows are below the box (the box scrolls), none is cut by it.
    assert seen["hidden"] > 0
    assert seen["cut"] == 0, seen  # before: 1 (the box was 18em, rows 21.8 px)
    assert seen["onEdge"], seen
    assert _shade_shows(page, box)
    box.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    assert box.evaluate(BOX_EDGE, "tr")["hidden"] == 0
    assert not _shade_shows(page, box)  # the last row: nothing follows


def test_with_classic_scroll_bars_the_static_box_still_ends_on_a_row_edge(
    playwright_instance: Playwright, static_pages: dict[str, Path]
) -> None:
    """Scroll bars that take room (Windows, most Linux desktops), unlike headless Chromium's."""
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    try:
        for name, width in (("bare", 1000), ("wide", NARROW_PX)):
            box = _open_static(browser.new_page(), static_pages[name], width)
            seen = box.evaluate(BOX_EDGE, "tr")
            assert seen["cut"] == 0, (name, seen)
            assert seen["onEdge"], (name, seen)
            # The sideways scroll bar, if any, is its outer box's: none when the table fits.
            outer = box.evaluate(
                """box => { const o = box.parentElement;
                    return {bar: o.offsetHeight - o.clientHeight - o.clientTop * 2,
                            wider: o.scrollWidth > o.clientWidth}; }"""
            )
            assert outer["wider"] == (name == "wide"), (name, outer)
            assert (outer["bar"] > 0) == (name == "wide"), (name, outer)
    finally:
        browser.close()


def _long_text() -> lw.Explanation:
    """140 words of a small vocabulary, explained with a bag-of-words model: a long text."""
    rng = np.random.RandomState(0)
    good, bad = ["good", "fun", "warm", "clever", "great"], ["bad", "slow", "dull", "cold", "flat"]
    plain = ["the", "film", "a", "story", "and", "actors", "plot", "was", "with", "end"]
    labels = rng.randint(0, 2, 300)
    sentences = [
        " ".join(rng.permutation([*rng.choice(plain, 8), *rng.choice(good if y else bad, 3)]))
        for y in labels
    ]
    words = CountVectorizer().fit(sentences)
    model = LogisticRegression(max_iter=1000).fit(words.transform(sentences), labels)
    explainer = lw.LimeTextExplainer(class_names=["bad", "good"], random_state=0)
    return explainer.explain_instance(
        " ".join(rng.choice(good + bad + plain, 140)),
        lambda docs: model.predict_proba(words.transform(docs)),
        num_samples=500,
    )


def _tall_series() -> lw.Explanation:
    """16 features over 8 time steps (tests/test_lime_exact_sparse_recurrent.py's kind of
    series, taller): more rows than the grid's box shows."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 8, 16))
    labels = (1.5 * X[:, -1, 0] - X[:, -2, 1] > 0).astype(int)
    model = LogisticRegression(max_iter=2000).fit(X.reshape(len(X), -1), labels)
    names = [f"sensor {i}" for i in range(16)]
    explainer = lw.RecurrentTabularExplainer(X, feature_names=names, random_state=0)
    return explainer.explain_instance(
        X[0], lambda S: model.predict_proba(S.reshape(len(S), -1)), num_features=10,
        num_samples=500,
    )  # fmt: skip


@pytest.fixture(scope="module")
def scroll_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The long text and the tall grid saved (the widget's front end) and rendered without
    script (bare, and in JupyterLab's page); all 30 bars of widget.png's instance, saved."""
    folder = tmp_path_factory.mktemp("scroll")
    explainer, data, model = cancer_explainer()
    bars = explainer.explain_instance(
        data.data[0], model.predict_proba, num_features=30, num_samples=1000
    )
    pages = {}
    # ~230 LinAlgWarnings from lime's own Ridge at the offline grid's narrowest widths.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LinAlgWarning)
        for kind, exp in (("text", _long_text()), ("series", _tall_series()), ("bars", bars)):
            pages[f"{kind}-saved"] = folder / f"{kind}-saved.html"
            exp.save_to_file(pages[f"{kind}-saved"])
            if kind != "bars":  # the script-free chart does not scroll
                markup = exp._repr_html_()
                pages[f"{kind}-bare"] = _bare_page(folder / f"{kind}-bare.html", markup)
                pages[f"{kind}-lab"] = _lab_page(folder / f"{kind}-lab.html", markup)
    return pages


#: what a box's rows are, for BOX_EDGE: lines of text, table rows, the chart's bars
ROWS = {"text": None, "series": "tr", "bars": '[data-testid="lw-bar"]'}
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _assert_ends_between_rows_and_shades_until_the_end(
    page: Page, box: Locator, kind: str, widget: bool = False
) -> None:
    seen = box.evaluate(BOX_EDGE, ROWS[kind])
    assert seen["hidden"] > 0, seen  # the box scrolls
    assert seen["cut"] == 0, seen
    assert seen["onEdge"], seen
    if widget:
        expect(box).to_have_attribute("data-more", "true")
    assert _shade_shows(page, box)
    box.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.evaluate(TWO_FRAMES)
    assert box.evaluate(BOX_EDGE, ROWS[kind])["hidden"] == 0
    assert not _shade_shows(page, box)  # nothing follows the last row
    if widget:
        expect(box).to_have_attribute("data-more", "false")


@pytest.mark.parametrize(
    ("kind", "width", "font_px"),
    [
        ("text", NARROW_PX, 13),  # before: the 10th line cut at 8.9 of its 23.4 px
        ("text", 600, 15),
        ("series", 1000, 12),  # before: a row cut 1.6 px above its bottom
        ("series", 1000, 13),
        ("series", NARROW_PX, 15),  # before: a row cut 2.4 px below its top
        ("bars", 1000, 13),  # before: 480 px, 21.8 rows of 22 px
        ("bars", NARROW_PX, 13),  # before: a label shown, its bar below the edge
    ],
)
def test_the_widgets_text_grid_and_chart_boxes_end_between_rows_and_shade_while_more_follow(
    page: Page, scroll_pages: dict[str, Path], kind: str, width: int, font_px: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(scroll_pages[f"{kind}-saved"].as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    # JupyterLab's text size setting (VS Code and Colab have their own sizes).
    page.evaluate(
        f"() => document.documentElement.style.setProperty('--jp-ui-font-size1', '{font_px}px')"
    )
    page.evaluate(TWO_FRAMES)  # the resize observers have measured
    testid = {"text": "lw-text", "series": "lw-series-grid", "bars": "lw-chart"}[kind]
    box = page.locator(by_testid(testid))
    if kind != "text":  # the grid's or the chart's box
        box = box.locator("xpath=..")
    _assert_ends_between_rows_and_shades_until_the_end(page, box, kind, widget=True)


def test_a_long_error_message_ends_between_two_lines_and_shades_while_more_follow(
    page: Page, scroll_pages: dict[str, Path]
) -> None:
    """The alert box of a model that raised, with a message longer than the box."""
    page.set_viewport_size({"width": NARROW_PX, "height": 900})
    page.goto(scroll_pages["text-saved"].as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    box = page.locator(by_testid("lw-error"))
    message = "The model raised ValueError: " + " ".join(
        f"input {i} has the wrong shape (3, 4) where (4, 3) was expected;" for i in range(12)
    )
    box.evaluate("(el, text) => { el.hidden = false; el.textContent = text; }", message)
    page.evaluate(TWO_FRAMES)
    # before: 10em, the edge 0.7 lines into the seventh line
    _assert_ends_between_rows_and_shades_until_the_end(page, box, "text", widget=True)


@pytest.mark.parametrize(
    ("kind", "host", "width"),
    [
        ("text", "bare", NARROW_PX),  # before: 3.6 px of the 10th line's box inside the edge
        ("text", "lab", NARROW_PX),
        ("series", "bare", 1000),
        ("series", "lab", 1000),  # before: a row cut 2.8 px above its bottom
        ("series", "lab", NARROW_PX),
    ],
)
def test_the_static_text_and_grid_boxes_end_between_rows_and_shade_while_more_follow(
    page: Page, scroll_pages: dict[str, Path], kind: str, host: str, width: int
) -> None:
    content = "span[data-feature-id]" if kind == "text" else "table"
    box = _open_static(page, scroll_pages[f"{kind}-{host}"], width, content)
    _assert_ends_between_rows_and_shades_until_the_end(page, box, kind)


@pytest.fixture(scope="module")
def saved_gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rows of gallery-tabular.png whose conditions have two thresholds."""
    explainer, data, model = cancer_explainer()
    rows = [36, 48, 84, 96]  # cards 3, 4, 7 and 8 of gallery-tabular.png
    g = explainer.gallery(
        data.data[rows], model.predict_proba, true_labels=data.target[rows],
        num_samples=500, num_features=5,
    )  # fmt: skip
    try:
        g.wait(120)
        path = tmp_path_factory.mktemp("gallery") / "gallery.html"
        g.save_to_file(path)
        return path
    finally:
        g.close()


def test_a_card_cuts_a_long_condition_in_its_name_not_its_thresholds(
    page: Page, saved_gallery: Path
) -> None:
    page.set_viewport_size({"width": 980, "height": 900})  # gallery-tabular.png's cards
    page.goto(saved_gallery.as_uri())
    wait_attr(page, "lw-gallery", "data-cards", "4")
    names = page.locator(".lime-widget__card-bar-name").evaluate_all(
        """els => els.map(el => {
            const r = el.getBoundingClientRect();
            const bounds = [...el.querySelectorAll('.lime-widget__card-bar-bound')];
            const feature = el.querySelector('.lime-widget__card-bar-feature');
            return {
                text: el.textContent, full: el.dataset.name, title: el.parentElement.title,
                bounds: bounds.map(b => b.textContent),
                inside: bounds.every(b => {
                    const q = b.getBoundingClientRect();
                    return q.left >= r.left - 0.5 && q.right <= r.right + 0.5;
                }),
                cut: feature !== null && feature.scrollWidth > feature.clientWidth,
            };
        })"""
    )
    assert len(names) == 20
    for name in names:
        assert name["text"] == name["full"]
        assert name["title"].startswith(f"{name['full']}: ")
        assert name["inside"], name  # every threshold shows whole
    two_sided = [n for n in names if len(n["bounds"]) == 2]
    assert two_sided
    assert any(n["cut"] for n in two_sided)  # some names are too long for a card
