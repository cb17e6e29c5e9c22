"""The static rendering: what an explanation and every widget output show without a kernel.

DESIGN.md invariant 11 (every widget output carries a static rendering with no
script) and invariant 8 (user strings are text, never markup), for tabular,
regression, text and image explanations, through ``_repr_html_``, the widget's
mimebundle, nbconvert and a real browser.
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from PIL import Image
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import LinearRegression, LogisticRegression

import lime_widget as lw
from lime_widget.explanation._formats import format_short, signed_formatter
from lime_widget.explanation._static import static_html

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
XSS = ("<img src=x onerror=alert(1)>", '"><script>alert(2)</script>', "'><svg onload=alert(3)>")
#: every tag a static rendering may hold
TAGS = {
    "div", "span", "svg", "g", "title", "text", "rect", "line", "table", "caption",
    "thead", "tbody", "tr", "th", "td", "img", "pre",
}  # fmt: skip
ATTRIBUTES = {
    "class", "style", "title", "role", "alt", "src", "width", "height", "xmlns", "viewbox",
    "x", "y", "x1", "x2", "y1", "y2", "dy", "rx", "fill", "fill-opacity", "stroke",
    "text-anchor", "aria-label", "scope", "colspan",
}  # fmt: skip


# -- explanations ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cancer() -> Any:
    data = load_breast_cancer()
    X = (data.data - data.data.mean(0)) / data.data.std(0)
    model = LogisticRegression(max_iter=1000).fit(X, data.target)
    explainer = lw.LimeTabularExplainer(
        X,
        feature_names=list(data.feature_names),
        class_names=list(data.target_names),
        random_state=0,
    )
    return explainer, X, model


@pytest.fixture(scope="module")
def tabular(cancer: Any) -> lw.Explanation:
    explainer, X, model = cancer
    return explainer.explain_instance(X[0], model.predict_proba, num_features=6, num_samples=1000)


@pytest.fixture(scope="module")
def regression() -> lw.Explanation:
    data = load_diabetes()
    model = LinearRegression().fit(data.data, data.target)
    explainer = lw.LimeTabularExplainer(
        data.data, feature_names=data.feature_names, mode="regression", random_state=0
    )
    return explainer.explain_instance(data.data[0], model.predict, num_features=5, num_samples=1000)


def _text_model(docs: list[str]) -> Any:
    p = np.array([0.2 + 0.6 * ("great" in d) - 0.15 * ("boring" in d) for d in docs]).clip(0, 1)
    return np.column_stack([1 - p, p])


DOC = "A great film, though a bit boring in the middle. The cast is great."


@pytest.fixture(scope="module")
def text() -> lw.Explanation:
    explainer = lw.LimeTextExplainer(class_names=["negative", "positive"], random_state=0)
    return explainer.explain_instance(DOC, _text_model, num_features=4, num_samples=500)


SEGMENTS = np.repeat(np.arange(16), 64).reshape(32, 32)  # 16 bands of 2 rows


def _image_model(images: Any) -> Any:
    p = images[:, :8].mean(axis=(1, 2, 3))  # the top 8 rows (bands 0-3) make class 1
    return np.column_stack([1 - p, p])


@pytest.fixture(scope="module")
def image() -> lw.ImageExplanation:
    picture = np.full((32, 32, 3), 0.6)
    explainer = lw.LimeImageExplainer(random_state=0)
    return explainer.explain_instance(  # type: ignore[return-value]
        picture,
        _image_model,
        top_labels=1,
        hide_color=0,
        num_features=5,
        num_samples=200,
        segmentation_fn=lambda im: SEGMENTS,
    )


# -- helpers ----------------------------------------------------------------------------------


def _soup(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def assert_inert(markup: str) -> None:
    """No script, no event handler, no external resource; only the tags a rendering uses."""
    lowered = markup.lower()
    assert "<script" not in lowered
    assert "<img src=x" not in lowered
    assert "javascript:" not in lowered
    soup = _soup(markup)
    for tag in soup.find_all(True):
        assert tag.name in TAGS, tag.name
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            assert name.lower() in ATTRIBUTES or name.startswith("data-"), (tag.name, name)
            if name == "src":
                assert value.startswith("data:image/png;base64,")
    assert "http://" not in lowered.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in lowered
    assert "url(" not in lowered


def _text(markup: str) -> str:
    return _soup(markup).get_text(" ")


def assert_shows_features(markup: str, pairs: list[tuple[Any, float]]) -> None:
    """Every feature's name and its weight (as the widget prints it) is text of the page."""
    page = _text(markup)
    fmt = signed_formatter([w for _, w in pairs])
    for name, weight in pairs:
        assert str(name) in page
        assert fmt(weight) in page
    # and the exact weights, machine-readable, in the chart's rows
    rows = _soup(markup).select("svg g[data-weight]")
    assert [float(g["data-weight"]) for g in rows] == [w for _, w in pairs]


# -- what each kind shows ---------------------------------------------------------------------


def test_tabular_shows_title_bars_fidelity_and_instance(tabular: lw.Explanation) -> None:
    markup = tabular._repr_html_()
    assert_inert(markup)
    pairs = tabular.as_list(label=1)
    assert_shows_features(markup, pairs)
    page = _text(markup)
    p = tabular.predict_proba[1]  # type: ignore[index]
    assert f"Why benign? (p = {format_short(p)})" in page
    assert f"surrogate R² {tabular.score[1]:.2f}" in page
    assert "fit on 1,000 samples" in page
    assert f"vs model {format_short(p)}" in page
    # the instance table: the explained features first, by |weight|, with their values
    rows = _soup(markup).select("table tbody tr")
    assert len(rows) == 30
    shown = tabular.domain_mapper.shown_values([f for f, _ in tabular.local_exp[1]])
    for row, (fid, _), value in zip(rows, tabular.local_exp[1], shown, strict=False):
        assert int(row["data-feature-id"]) == fid
        assert row.find_all("td")[0].get_text() == value
    assert "for benign" in page
    assert "against benign" in page


def _style(tag: Any) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in str(tag.get("style", "")).split(";") if ":" in d)
    return {k.strip(): v.strip() for k, v in pairs}


def _px(value: str) -> float:
    if value == "0":
        return 0.0
    assert value.endswith("px"), value
    return float(value[:-2])


def test_the_instance_box_shows_whole_rows_and_a_shade_while_more_follow(
    tabular: lw.Explanation,
) -> None:
    soup = _soup(tabular._repr_html_())
    table = soup.select_one("table")
    assert table is not None
    assert "The instance · 30 features" in table.caption.get_text()
    # Every row is one line of a fixed height: no cell wraps; line, padding and border in px.
    heights = set()
    for tr in table.select("tr"):
        for cell in tr.find_all(["th", "td"]):
            style = _style(cell)
            assert style["white-space"] == "nowrap", cell
            pad = [_px(p) for p in style["padding"].split()]
            border = _px(style["border-top"].split()[0])
            heights.add(_px(style["line-height"]) + 2 * pad[0] + border)
    assert len(heights) == 1
    (row,) = heights
    assert _style(table)["border-collapse"] == "separate"  # a host's thead border adds nothing
    caption = _style(table.caption)
    caption_px = 2 * _px(caption["padding"].split()[0]) + _px(_style(table)["line-height"])
    # The scroll box: the caption, the header and a whole number of rows.
    boxes = [d for d in soup.select("div") if "max-height" in _style(d)]
    assert len(boxes) == 1
    box = _style(boxes[0])
    shown = (_px(box["max-height"]) - caption_px) / row - 1
    assert shown == int(shown), shown
    assert 5 <= shown < 30
    _assert_shades(boxes[0], table)


def _assert_shades(box: Any, content: Any) -> None:
    """The shade sticks to ``box``'s bottom and, past ``content``, goes into a clipped strip."""
    shade = box.select_one("[data-shade]")
    assert shade is not None
    assert _style(shade)["position"] == "sticky"
    assert _style(shade)["bottom"] == "0"
    clip = _style(shade.parent)["clip-path"]
    below = _px(_style(shade)["margin-top"]) + _px(_style(shade)["height"])
    assert clip == f"inset(0 0 {below:g}px 0)"
    assert shade.find_previous_sibling() is content
    assert shade.get_text() == ""  # where styles are stripped, nothing shows


def test_a_short_instance_table_does_not_scroll() -> None:
    from sklearn.datasets import load_iris

    data = load_iris()
    model = LogisticRegression(max_iter=1000).fit(data.data, data.target)
    explainer = lw.LimeTabularExplainer(data.data, feature_names=data.feature_names, random_state=0)
    exp = explainer.explain_instance(data.data[0], model.predict_proba, num_samples=300)
    soup = _soup(exp._repr_html_())
    assert len(soup.select("table tbody tr")) == 4
    assert not [d for d in soup.select("div") if "max-height" in _style(d)]
    assert soup.select("[data-shade]") == []


def test_a_long_document_scrolls_in_whole_lines_and_shades_while_more_follow() -> None:
    words = ["a", "great", "film", "slow", "and", "boring", "the", "cast", "was", "fun"]
    doc = " ".join(words[(7 * i) % len(words)] for i in range(140))
    explainer = lw.LimeTextExplainer(class_names=["negative", "positive"], random_state=0)
    exp = explainer.explain_instance(doc, _text_model, num_features=4, num_samples=300)
    soup = _soup(exp._repr_html_())
    text = soup.select_one("span[data-feature-id]").parent
    assert text.get_text() == doc
    boxes = [d for d in soup.select("div") if "max-height" in _style(d)]
    assert len(boxes) == 1
    box = _style(boxes[0])
    # The box: the text's top padding and whole lines (before: 16em of 1.8em lines and 6 px
    # of padding at each end, its edge 0.9 lines into the ninth).
    assert box["box-sizing"] == "content-box"
    assert "padding" not in box
    assert box["overflow-y"] == "auto"
    line = float(box["line-height"])
    padding = [_px(p) for p in _style(text)["padding"].split()]
    assert padding[0] > 0
    assert padding[2] == 0  # the bottom padding is the shade's clipped strip, at the end
    cap = re.fullmatch(r"calc\((\d+) \* ([\d.]+)em \+ ([\d.]+)px\)", box["max-height"])
    assert cap is not None, box["max-height"]
    assert float(cap[2]) == line
    assert float(cap[3]) == padding[0]
    assert int(cap[1]) >= 6
    _assert_shades(boxes[0], text)


@pytest.fixture(scope="module")
def long_series() -> lw.Explanation:
    """16 features over 5 time steps: more rows than the grid's box shows."""
    X = np.random.RandomState(0).normal(size=(200, 5, 16))

    def model(series: Any) -> Any:
        p = 1 / (1 + np.exp(-(2 * series[:, -1, 0] - series[:, -2, 1])))
        return np.column_stack([1 - p, p])

    names = [f"sensor {i}" for i in range(16)]
    explainer = lw.RecurrentTabularExplainer(X, feature_names=names, random_state=0)
    return explainer.explain_instance(X[0], model, num_features=6, num_samples=300)


def test_the_time_step_grid_scrolls_in_whole_rows_and_shades_while_more_follow(
    long_series: lw.Explanation,
) -> None:
    soup = _soup(long_series._repr_html_())
    table = soup.select_one("table")
    assert table is not None
    assert table.caption.get_text() == "Weights by feature and time step"
    assert len(table.select("tbody tr")) == 16
    # Every row is one fixed height, whatever a host's table style (JupyterLab pads cells
    # 0.5em and sets line-height: normal): names one line, cells a set height, no padding.
    heights = set()
    for cell in table.select("th, td"):
        style = _style(cell)
        pad = [_px(p) for p in style["padding"].split()]
        if cell.name == "th":
            assert style["white-space"] == "nowrap", cell
            heights.add(_px(style["line-height"]) + 2 * pad[0])
        else:
            heights.add(_px(style["height"]) + 2 * pad[0])
    assert len(heights) == 1
    (row,) = heights
    table_style = _style(table)
    assert table_style["border-collapse"] == "separate"
    spacing = _px(table_style["border-spacing"])
    caption = _style(table.caption)
    assert caption["white-space"] == "nowrap"
    caption_px = 2 * _px(caption["padding"].split()[0]) + _px(table_style["line-height"])
    # The scroll box: the caption, then the header and whole rows, each below a spacing,
    # and the spacing above the next row (before: 24em, its edge anywhere).
    boxes = [d for d in soup.select("div") if "max-height" in _style(d)]
    assert len(boxes) == 1
    shown = (_px(_style(boxes[0])["max-height"]) - caption_px - spacing) / (row + spacing) - 1
    assert shown == int(shown), shown
    assert 5 <= shown < 16
    _assert_shades(boxes[0], table)


def test_a_short_time_step_grid_does_not_scroll() -> None:
    X = np.random.RandomState(1).normal(size=(100, 4, 3))
    explainer = lw.RecurrentTabularExplainer(X, feature_names=["a", "b", "c"], random_state=0)
    exp = explainer.explain_instance(
        X[0], lambda s: np.column_stack([s[:, -1, 0] > 0, s[:, -1, 0] <= 0]), num_samples=200
    )
    soup = _soup(exp._repr_html_())
    assert len(soup.select("table tbody tr")) == 3
    assert not [d for d in soup.select("div") if "max-height" in _style(d)]
    assert soup.select("[data-shade]") == []


def test_regression_title_and_weights(regression: lw.Explanation) -> None:
    markup = static_html(regression)
    assert_inert(markup)
    pairs = regression.local_exp[1]
    # the widget's names: thresholds with enough digits (lime's as_list keeps two decimals)
    names = regression.domain_mapper.shown_names(pairs)
    assert_shows_features(markup, [(n, w) for n, (_, w) in zip(names, pairs, strict=True)])
    page = _text(markup)
    value = regression.predicted_value
    assert value is not None
    assert f"Why is the prediction {float(f'{value:.4g}'):g}?" in page
    assert "raises the prediction" in page
    assert "lowers the prediction" in page


def test_text_highlights_the_explained_words(text: lw.Explanation) -> None:
    markup = text._repr_html_()
    assert_inert(markup)
    assert_shows_features(markup, text.as_list())
    soup = _soup(markup)
    spans = soup.select("div > span[data-feature-id]")
    words = {name for name, _ in text.as_list()}
    assert {s.get_text() for s in spans} == words
    assert len([s for s in spans if s.get_text() == "great"]) == 2  # every occurrence
    # the document reads as it was written
    document = spans[0].parent
    assert document.get_text() == DOC


def test_image_embeds_the_tinted_picture(image: lw.ImageExplanation) -> None:
    label = image.top_labels[0]  # type: ignore[index]
    markup = image._repr_html_()
    assert_inert(markup)
    assert_shows_features(markup, [(f"superpixel {f}", w) for f, w in image.local_exp[label]])
    img = _soup(markup).find("img")
    assert img is not None
    png = base64.b64decode(img["src"].split(",", 1)[1])
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert pixels.shape == (32, 32, 3)
    plain = round(0.6 * 255)
    for fid, weight in image.local_exp[label]:
        row = int(np.argmax(SEGMENTS[:, 0] == fid))
        r, _g, b = pixels[row, 5]
        assert (b > r) if weight > 0 else (r > b), (fid, weight, pixels[row, 5])
    other = sorted(set(range(16)) - {f for f, _ in image.local_exp[label]})[0]
    assert pixels[int(np.argmax(SEGMENTS[:, 0] == other)), 5].tolist() == [plain] * 3
    tags = {t.get_text() for t in _soup(markup).select("div[style*='relative'] > span")}
    assert tags <= {f"S{f}" for f, _ in image.local_exp[label]}
    assert tags


def test_label_choice_and_unknown_label(tabular: lw.Explanation, cancer: Any) -> None:
    explainer, X, model = cancer
    both = explainer.explain_instance(X[0], model.predict_proba, top_labels=2, num_samples=500)
    page = _text(static_html(both))
    top = both.top_labels[0]  # type: ignore[index]
    assert f"Why {both.class_names[top]}?" in page  # type: ignore[index]
    assert "also explained: " in page
    other = _text(static_html(both, label=1 - top))
    assert f"Why {both.class_names[1 - top]}?" in other  # type: ignore[index]
    with pytest.raises(lw.LabelNotExplainedError):
        static_html(tabular, label=0)


def test_light_batch_result_says_its_samples_were_not_kept(cancer: Any) -> None:
    explainer, X, model = cancer
    batch = explainer.explain_many(X[:2], model.predict_proba, num_samples=300, progress=False)
    light = batch[0]
    assert light.neighbourhood is None
    markup = light._repr_html_()
    assert_inert(markup)
    assert "samples not kept" in _text(markup)
    assert f"vs model {format_short(light.predict_proba[1])}" in _text(markup)  # type: ignore[index]


def test_repr_and_mimebundle(tabular: lw.Explanation, regression: lw.Explanation) -> None:
    bundle = tabular._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/html"] == tabular._repr_html_()
    first, _weight = tabular.as_list(label=1)[0]
    p = tabular.predict_proba[1]  # type: ignore[index]
    p_text = format_short(p).replace("\u2212", "-")
    assert repr(tabular).startswith(f"<Explanation of class 'benign' (p = {p_text}): {first} (")
    assert f"R² {tabular.score[1]:.2f}, 1000 samples>" in repr(tabular)
    assert bundle["text/plain"] == repr(tabular)
    assert repr(regression).startswith("<Explanation of the prediction ")
    empty = lw.Explanation(lw.explanation.DomainMapper())
    assert repr(empty) == "<Explanation (not fitted)>"


# -- user strings are text, never markup (invariant 8) ----------------------------------------


def test_xss_payloads_are_inert_everywhere() -> None:
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.randint(0, 3, 300), rng.normal(size=(300, 3))])
    names = [XSS[0], XSS[1], XSS[2], "plain"]
    categories = {0: [XSS[1], XSS[0], XSS[2]]}

    def model(x: Any) -> Any:
        p = 1 / (1 + np.exp(-(x[:, 1] + (x[:, 0] == 1))))
        return np.column_stack([1 - p, p])

    explainer = lw.LimeTabularExplainer(
        X,
        feature_names=names,
        class_names=[XSS[1], XSS[0]],
        categorical_features=[0],
        categorical_names=categories,
        random_state=0,
    )
    exp = explainer.explain_instance(X[1], model, top_labels=2, num_samples=300)
    for markup in (exp._repr_html_(), static_html(exp, label=0)):
        assert_inert(markup)
        page = _text(markup)
        for payload in XSS:
            assert payload in page  # shown, as text

    doc = f"{XSS[0]} great {XSS[1]} boring {XSS[2]}"
    text_exp = lw.LimeTextExplainer(class_names=[XSS[0], XSS[1]], random_state=0)
    for bow in (True, False):
        text_exp.bow = bow
        exp_t = text_exp.explain_instance(doc, _text_model, num_samples=200)
        markup = exp_t._repr_html_()
        assert_inert(markup)
        span = _soup(markup).select_one("div > span[data-feature-id]")
        assert span is not None
        assert span.parent.get_text() == doc


def test_xss_in_the_widget_bundle() -> None:
    rng = np.random.RandomState(1)
    X = rng.normal(size=(200, 2))

    def model(x: Any) -> Any:
        p = 1 / (1 + np.exp(-x[:, 0]))
        return np.column_stack([1 - p, p])

    explainer = lw.LimeTabularExplainer(
        X, feature_names=[XSS[0], XSS[1]], class_names=[XSS[2], XSS[1]], random_state=0
    )
    w = explainer.interact(X[0], model, num_samples=300)
    try:
        w.wait(timeout=30)
        data, _ = w._repr_mimebundle_()
        assert_inert(data["text/html"])
        assert XSS[0] in _text(data["text/html"])
    finally:
        w.close()


# -- the widget's output carries the static view (invariant 11) --------------------------------


def test_widget_bundle_holds_the_view_and_the_current_static_rendering(cancer: Any) -> None:
    explainer, X, model = cancer
    w = explainer.interact(X[0], model.predict_proba, num_samples=600)
    try:
        w.wait(timeout=30)
        w.num_features = 3
        w.kernel_width = 2.0
        exp = w.wait(timeout=30)
        data, metadata = w._repr_mimebundle_()
        assert data[WIDGET_VIEW]["model_id"] == w.model_id
        assert isinstance(metadata, dict)
        markup = data["text/html"]
        assert_inert(markup)
        assert_shows_features(markup, exp.as_list(label=w.label))
        assert len(_soup(markup).select("svg g[data-weight]")) == 3
        assert data["text/plain"].startswith("LimeWidget showing <Explanation of class ")
        assert "kernel width 2.00" in _text(markup)
        w.label = 1 - w.label  # the other class: the bundle follows
        w.wait(timeout=30)
        other, _ = w._repr_mimebundle_()
        name = w.explanation.class_names[w.label]  # type: ignore[index]
        assert f"Why {name}?" in _text(other["text/html"])
    finally:
        w.close()
    assert w._repr_mimebundle_ is None  # a closed widget has no view (ipywidgets)


def test_a_failing_static_view_does_not_hide_the_widget(
    cancer: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    explainer, X, model = cancer
    w = explainer.interact(X[0], model.predict_proba, num_samples=300)
    try:
        w.wait(timeout=30)
        from lime_widget.live import _widget

        def broken(*args: Any, **kwargs: Any) -> str:
            raise RuntimeError("<b>boom</b>")

        monkeypatch.setattr(_widget, "static_html", broken)
        data, _ = w._repr_mimebundle_()
        assert WIDGET_VIEW in data
        assert "&lt;b&gt;boom&lt;/b&gt;" in data["text/html"]
        assert "boom" in data["text/plain"]
    finally:
        w.close()


# -- nbconvert: what a notebook shows without a kernel ----------------------------------------

NOTEBOOK_CELLS = [
    """import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
import lime_widget as lw
data = load_breast_cancer()
X = (data.data - data.data.mean(0)) / data.data.std(0)
model = LogisticRegression(max_iter=1000).fit(X, data.target)
explainer = lw.LimeTabularExplainer(X, feature_names=list(data.feature_names),
                                    class_names=list(data.target_names), random_state=0)""",
    """w = explainer.interact(X[0], model.predict_proba, num_samples=600)
w.num_features = 3
w.wait(timeout=60)
print("WIDGET-TOP:", w.explanation.as_list(label=w.label)[0][0])
w""",
    """exp = explainer.explain_instance(X[1], model.predict_proba, num_features=4,
                                 num_samples=600)
print("EXP-TOP:", exp.as_list()[0][0])
exp""",
]


def _write_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in NOTEBOOK_CELLS])
    path = folder / "static.ipynb"
    nbformat.write(nb, path)
    return path


def _printed(nb: Any, prefix: str) -> str:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for line in out.get("text", "").splitlines():
                if line.startswith(prefix):
                    return line[len(prefix) :].strip()
    raise AssertionError(prefix)


@pytest.fixture(scope="module")
def nbconvert_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """``jupyter nbconvert --to html --execute`` without saved widget state (the recipe)."""
    folder = tmp_path_factory.mktemp("nbconvert")
    path = _write_notebook(folder)
    jupyter = Path(sys.executable).with_name("jupyter")
    common = ["--execute", "--ExecutePreprocessor.store_widget_state=False"]
    for target in ("notebook", "html"):
        subprocess.run(
            [str(jupyter), "nbconvert", "--to", target, *common, str(path), "--output",
             f"out.{'ipynb' if target == 'notebook' else 'html'}"],
            check=True, capture_output=True, timeout=240, cwd=folder,
            env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        )  # fmt: skip
    return folder / "out.html", nbformat.read(folder / "out.ipynb", as_version=4)


def test_nbconvert_html_shows_the_widget_and_the_explanation(
    nbconvert_html: tuple[Path, Any],
) -> None:
    html_path, nb = nbconvert_html
    widget_top, exp_top = _printed(nb, "WIDGET-TOP:"), _printed(nb, "EXP-TOP:")
    # the saved widget output holds both: the live view and its static fallback
    widget_out = nb.cells[1].outputs[-1]
    assert WIDGET_VIEW in widget_out.data
    assert "text/html" in widget_out.data
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    statics = soup.select("div.lime-widget-static")
    assert len(statics) == 2  # the widget's fallback and the explanation
    assert widget_top in statics[0].get_text(" ")
    assert len(statics[0].select("svg g[data-weight]")) == 3
    assert exp_top in statics[1].get_text(" ")
    for static in statics:
        assert_inert(str(static))


def test_nbconvert_with_saved_widget_state_draws_the_widget_view(tmp_path: Path) -> None:
    """nbclient saves widget state by default; nbconvert then prefers the widget view."""
    nb = nbformat.read(_write_notebook(tmp_path), as_version=4)
    NotebookClient(nb, timeout=240, kernel_name="python3").execute()
    assert "widgets" in nb.metadata
    body, _ = HTMLExporter().from_notebook_node(nb)
    soup = BeautifulSoup(body, "html.parser")
    assert len(soup.select(f'script[type="{WIDGET_VIEW}"]')) == 1
    statics = soup.select("div.lime-widget-static")
    assert len(statics) == 1
    assert _printed(nb, "EXP-TOP:") in statics[0].get_text(" ")
    # without the saved state (a notebook saved by JupyterLab's default), the fallback shows
    del nb.metadata["widgets"]
    body, _ = HTMLExporter().from_notebook_node(nb)
    assert len(BeautifulSoup(body, "html.parser").select("div.lime-widget-static")) == 2


# -- a real browser: visible, and nothing fetched ---------------------------------------------

CHROMIUM = os.environ.get("LW_CHROMIUM", "/usr/bin/chromium")


def _browse(url: str, check: Any) -> list[str]:
    """Open ``url`` with every non-file request aborted; run ``check(page)``; return the aborted.

    In a thread of its own: Playwright's sync API refuses a thread where an asyncio loop
    runs (the nbconvert / nbclient tests of the same worker can leave one).
    """
    import threading

    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["aborted"] = _browse_here(url, check)
        except BaseException as exc:  # re-raised in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(180)
    if "error" in result:
        raise result["error"]
    return list(result["aborted"])


def _browse_here(url: str, check: Any) -> list[str]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is needed for this test: {CHROMIUM} is missing (`make browser`).")
    aborted: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            aborted.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.route("**/*", route)
            page.goto(url, wait_until="load")
            check(page)
        finally:
            browser.close()
    return aborted


@pytest.mark.e2e
def test_nbconvert_page_shows_the_top_features_offline(nbconvert_html: tuple[Path, Any]) -> None:
    html_path, nb = nbconvert_html
    tops = [_printed(nb, "WIDGET-TOP:"), _printed(nb, "EXP-TOP:")]

    def check(page: Any) -> None:
        for top in tops:
            assert page.locator("div.lime-widget-static svg text", has_text=top).first.is_visible()

    aborted = _browse(html_path.as_uri(), check)
    # nbconvert's own template asks for require.js and MathJax; our outputs ask for nothing
    assert all("cdnjs.cloudflare.com/ajax/libs/" in url for url in aborted), aborted


@pytest.mark.e2e
def test_static_pages_load_nothing(
    tmp_path: Path, tabular: lw.Explanation, text: lw.Explanation, image: lw.ImageExplanation
) -> None:
    for name, exp in (("tabular", tabular), ("text", text), ("image", image)):
        path = tmp_path / f"{name}.html"
        path.write_text(f"<!doctype html><meta charset=utf-8><body>{exp._repr_html_()}</body>")
        top = exp.domain_mapper.shown_names(exp.local_exp[exp.labels[0]])[0]

        def check(page: Any, top: str = top, name: str = name) -> None:
            assert page.locator("svg text", has_text=top).first.is_visible()
            if name == "image":
                assert page.evaluate("document.querySelector('img').naturalWidth") == 32

        assert _browse(path.as_uri(), check) == []
