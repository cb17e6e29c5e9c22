"""A saved explanation file (``exp.save_to_file``) in a real Chromium with the network off.

What a reader of a shared file would notice: the explanation shows, no request leaves the
page, and moving kernel width, K, feature selection and class changes the chart to exactly
the numbers ``exp.refit(...)`` gives for that setting (read back from the page), while the
sample controls are off and say why. The page holds fits for a grid of kernel widths and K
values only: the sliders step through those, so what their readouts say is always the
setting of the fit shown, and an arrow key reaches the next saved width.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw

from .cancer import cancer_explainer
from .conftest import OfflinePage
from .helpers import attrs, by_testid, set_range_value, wait_attr

pytestmark = pytest.mark.e2e
TOL = 1e-9


def _tabular() -> lw.Explanation:
    explainer, data, model = cancer_explainer()
    return explainer.explain_instance(data.data[3], model.predict_proba, num_samples=2000)


def _text() -> lw.Explanation:
    def model(docs: list[str]) -> np.ndarray:
        p = np.array([0.15 + 0.6 * ("good" in d) + 0.2 * ("fun" in d) for d in docs])
        return np.column_stack([1 - p, p])

    return lw.LimeTextExplainer(class_names=["bad", "good"], random_state=0).explain_instance(
        "a good film , slow at first but fun and good in the end", model, num_samples=800
    )


def _image() -> lw.Explanation:
    image = np.zeros((32, 32, 3))
    image[:16, :16] = 1.0
    image[16:, 16:] = 0.5
    segments = (np.arange(32)[:, None] // 8) * 4 + np.arange(32)[None, :] // 8

    def model(images: np.ndarray) -> np.ndarray:
        p = 0.1 + 0.8 * images[:, :16, :16].mean(axis=(1, 2, 3))
        return np.column_stack([1 - p, p])

    return lw.LimeImageExplainer(random_state=0).explain_instance(
        image, model, top_labels=2, num_samples=400, segmentation_fn=lambda im: segments
    )


def _shown(page: Page) -> dict[str, Any]:
    root = attrs(page, "lw-root")
    fidelity = attrs(page, "lw-fidelity")
    bars = page.locator(by_testid("lw-bar")).evaluate_all(
        "els => els.map(e => [Number(e.dataset.featureId), Number(e.dataset.weight)])"
    )
    return {
        "kernel_width": float(root["data-kernel-width"]),
        "num_features": int(root["data-num-features"]),
        "feature_selection": root["data-feature-selection"],
        "label": int(root["data-label"]),
        "bars": bars,
        "score": float(fidelity["data-score"]),
        "intercept": float(fidelity["data-intercept"]),
        "local_pred": float(fidelity["data-local-pred"]),
    }


def _assert_matches_refit(exp: lw.Explanation, shown: dict[str, Any]) -> None:
    refit = exp.refit(
        kernel_width=shown["kernel_width"],
        num_features=shown["num_features"],
        feature_selection=shown["feature_selection"],
        labels=[shown["label"]],
    )
    key = 1 if exp.mode == "regression" else shown["label"]
    expected = refit.local_exp[key]
    assert [f for f, _ in shown["bars"]] == [f for f, _ in expected], shown
    assert np.allclose([w for _, w in shown["bars"]], [w for _, w in expected], rtol=0, atol=TOL)
    assert abs(shown["score"] - refit.score[key]) <= TOL
    assert abs(shown["intercept"] - refit.intercept[key]) <= TOL
    assert abs(shown["local_pred"] - float(np.ravel(refit.local_pred[key])[0])) <= TOL


def _change(page: Page, action: Any) -> None:
    seq = int(attrs(page, "lw-root")["data-seq"])
    action()
    wait_attr(page, "lw-root", "data-seq", lambda v: int(v) > seq)


def _readout(page: Page, testid: str) -> str:
    """The number printed beside a slider (its <output>)."""
    return str(
        page.locator(by_testid(testid)).evaluate(
            "el => el.parentElement.querySelector('output').textContent"
        )
    )


def _assert_readouts_agree(page: Page) -> None:
    """The kernel-width and K sliders state the setting of the fit the chart shows."""
    root = attrs(page, "lw-root")
    for testid, key in [
        ("lw-kernel-width", "data-kernel-width"),
        ("lw-num-features", "data-num-features"),
    ]:
        slider = attrs(page, testid)
        shown = float(root[key])
        assert float(slider["data-value"]) == shown, (testid, slider["data-value"], shown)
        readout = _readout(page, testid)
        assert readout == slider["aria-valuetext"]
        printed = float(readout.replace("\u2212", "-").replace(",", ""))
        assert abs(printed - shown) <= 0.006 * shown, (testid, readout, shown)  # 3 digits


def _slide(page: Page, testid: str, fraction: float) -> None:
    """Put a slider's thumb at *fraction* of its track (its positions are the saved values)."""
    top = int(attrs(page, testid)["max"])
    _change(page, lambda: set_range_value(page, testid, round(fraction * top)))


def _set_k(page: Page, k: int) -> None:
    """These explanations' pages hold K = 1..10: position k - 1 on the K slider."""
    _change(page, lambda: set_range_value(page, "lw-num-features", k - 1))
    assert int(attrs(page, "lw-root")["data-num-features"]) == k


@pytest.mark.parametrize("make", [_tabular, _text, _image], ids=["tabular", "text", "image"])
def test_a_saved_file_refits_offline_to_the_refits_numbers(
    make: Any, offline_page: OfflinePage, tmp_path: Path
) -> None:
    page, blocked, _ = offline_page
    exp = make()
    path = tmp_path / "explanation.html"
    exp.save_to_file(path)
    page.goto(path.as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    expect(page.locator(by_testid("lw-status"))).to_contain_text("no kernel")
    expect(page.locator(by_testid("lw-num-samples"))).to_be_disabled()
    expect(page.locator(by_testid("lw-until-stable"))).to_be_disabled()
    expect(page.locator(by_testid("lw-offline-note"))).to_contain_text("need the model")
    _assert_matches_refit(exp, _shown(page))  # the saved setting itself

    labels = page.locator(by_testid("lw-label")).evaluate("el => [...el.options].map(o => o.value)")
    settings_seen = 0
    for method in ["forward_selection", "highest_weights", "lasso_path", "none", "auto"]:
        _change(page, lambda m=method: page.select_option(by_testid("lw-feature-selection"), m))
        for fraction, k in [(0.2, 2), (0.6, 5), (0.85, 9)]:
            _slide(page, "lw-kernel-width", fraction)
            _assert_readouts_agree(page)
            if method != "none":
                _set_k(page, k)
                _assert_readouts_agree(page)
            _assert_matches_refit(exp, _shown(page))
            settings_seen += 1
    for label in labels:
        _change(page, lambda v=label: page.select_option(by_testid("lw-label"), v))
        _assert_matches_refit(exp, _shown(page))
    assert settings_seen == 15
    assert blocked == []  # no request left the page


def test_a_saved_files_sliders_step_through_its_saved_fits(
    offline_page: OfflinePage, tmp_path: Path
) -> None:
    """Keys and the mouse move the kernel width from one saved fit to the next; no readout
    says a width (or K) other than the one whose fit is drawn."""
    page, blocked, _ = offline_page
    exp = _tabular()
    path = tmp_path / "explanation.html"
    exp.save_to_file(path)
    page.goto(path.as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    widths = json.loads(page.locator("#lw-data").text_content() or "{}")["grid"]["widths"]
    slider = page.locator(by_testid("lw-kernel-width"))
    assert int(attrs(page, "lw-kernel-width")["max"]) == len(widths) - 1
    assert "steps through the" in (attrs(page, slider.locator("xpath=..")).get("title") or "")
    _assert_readouts_agree(page)

    at = widths.index(float(attrs(page, "lw-root")["data-kernel-width"]))
    slider.focus()
    for key, step in [("ArrowRight", 1), ("ArrowRight", 1), ("ArrowLeft", -1), ("ArrowLeft", -1)]:
        _change(page, lambda k=key: page.keyboard.press(k))
        at += step
        assert float(attrs(page, "lw-root")["data-kernel-width"]) == widths[at]
        _assert_readouts_agree(page)
        _assert_matches_refit(exp, _shown(page))
        marker = attrs(page, "lw-sweep-marker")["data-width"]
        assert float(marker) == widths[at]

    box = slider.bounding_box()
    assert box is not None
    for fraction in [0.63, 0.31]:  # a click on the track, anywhere: the nearest saved width
        _change(
            page,
            lambda f=fraction: page.mouse.click(
                box["x"] + f * box["width"], box["y"] + box["height"] / 2
            ),
        )
        _assert_readouts_agree(page)
        _assert_matches_refit(exp, _shown(page))
    page.wait_for_timeout(600)  # past the controls' quiet time: still nothing moves
    _assert_readouts_agree(page)
    assert blocked == []


def test_a_saved_file_with_one_class_of_many_offers_only_that_class(
    offline_page: OfflinePage, tmp_path: Path
) -> None:
    """More than ten classes: the page holds the explained class's fits only. The class select
    is off and says why (choosing another would snap back); the other controls still refit."""
    from sklearn.datasets import make_classification

    page, blocked, _ = offline_page
    X, y = make_classification(
        n_samples=600,
        n_features=6,
        n_informative=5,
        n_redundant=0,
        n_classes=12,
        n_clusters_per_class=1,
        random_state=0,
    )
    model = LogisticRegression(max_iter=2000).fit(X, y)
    exp = lw.LimeTabularExplainer(
        X, class_names=[f"kind {i}" for i in range(12)], random_state=0
    ).explain_instance(X[0], model.predict_proba, labels=(3,), num_samples=500)
    path = tmp_path / "twelve.html"
    exp.save_to_file(path)
    page.goto(path.as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    reason = 'only the class "kind 3" can be shown: the saved fits hold no other class'
    select = page.locator(by_testid("lw-label"))
    expect(select).to_be_disabled()
    assert reason in (attrs(page, "lw-label").get("title") or "")
    expect(page.locator(by_testid("lw-label-note"))).to_be_visible()
    expect(page.locator(by_testid("lw-label-note"))).to_contain_text(reason)
    for testid in ["lw-kernel-width", "lw-num-features", "lw-feature-selection"]:
        expect(page.locator(by_testid(testid))).to_be_enabled()
    _slide(page, "lw-kernel-width", 0.3)
    _assert_readouts_agree(page)
    _assert_matches_refit(exp, _shown(page))
    assert int(attrs(page, "lw-root")["data-label"]) == 3
    assert blocked == []


REOPEN = """
w = explainer.interact(X[0], predict, num_samples=1000, batch_size=200, num_features=6)
w
"""


def _save_and_reopen(page: Page, jupyter: Any, path: str, *, fits: bool) -> list[str]:
    """Run the notebook, save it with its widget state (and the saved fits, if *fits*), and
    reopen it with a new kernel that knows nothing of the widget; returns the bars' names
    shown before saving."""
    from .helpers import open_notebook, run_all_cells, run_code

    run_all_cells(page, timeout=120_000)  # two cells train and explain: slow on a busy machine
    wait_attr(page, "lw-root", "data-status", "idle")
    # Without fits: as if the notebook was saved before the widget rested (the fits come last).
    drop = "" if fits else "w.offline = {}; "
    said = run_code(page, f"w.wait(60, diagnostics=True); {drop}print(bool(w.offline))")
    assert said.stdout.strip() == str(fits)
    shown = page.locator(by_testid("lw-bar")).evaluate_all("els => els.map(e => e.dataset.name)")
    page.wait_for_timeout(500)  # the offline fits (or their removal) reach the page
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    saved = jupyter.root_dir / path
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')")
    for _ in range(50):
        models = json.loads(saved.read_text()).get("metadata", {}).get("widgets", {})
        states = [
            m.get("state", {})
            for m in models.get("application/vnd.jupyter.widget-state+json", {})
            .get("state", {})
            .values()
        ]
        ours = [s for s in states if "offline" in s]
        if ours and bool(ours[0]["offline"]) == fits:
            break
        page.wait_for_timeout(200)
    assert ours, "the widget state was saved"
    assert ("grid" in ours[0]["offline"]) == fits, "the fits were saved, or not, as asked"
    jupyter.shutdown_sessions(path)

    # reopened: a new kernel that knows nothing of the widget (a workspace of its own, so
    # JupyterLab restores no notebook reopened by an earlier test beside it)
    workspace = f"reopened-{uuid.uuid4().hex[:12]}"
    open_notebook(page, jupyter.notebook_url(path, workspace=workspace), path)
    wait_attr(page, "lw-root", "data-connected", "false", timeout=30_000)
    expect(page.locator(by_testid("lw-status"))).to_contain_text("not connected to a kernel")
    names = page.locator(by_testid("lw-bar")).evaluate_all("els => els.map(e => e.dataset.name)")
    assert names == shown  # the last explanation, as it was
    expect(page.locator(by_testid("lw-num-samples"))).to_be_disabled()
    expect(page.locator(by_testid("lw-until-stable"))).to_be_disabled()
    return shown


def test_a_notebook_reopened_without_its_kernel_shows_and_refits(
    page: Page, notebook: Any, jupyter: Any
) -> None:
    from .test_widget import SETUP

    # hostile names: the saved state is data, and a reopened page must keep it text
    explainer = (
        "names = ['<img src=x onerror=alert(1)>' + n for n in data.feature_names]\n"
        "explainer = lw.LimeTabularExplainer(X, feature_names=names, "
        "class_names=['<script>alert(2)</script>', 'benign'], random_state=0)"
    )
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    path = notebook([SETUP + "\n" + explainer, REOPEN])
    _save_and_reopen(page, jupyter, path, fits=True)
    for testid in ["lw-kernel-width", "lw-num-features", "lw-feature-selection", "lw-label"]:
        expect(page.locator(by_testid(testid))).to_be_enabled()
    _set_k(page, 3)
    expect(page.locator(by_testid("lw-bar"))).to_have_count(3)
    _assert_readouts_agree(page)
    weights = page.locator(by_testid("lw-bar")).evaluate_all(
        "els => els.map(e => e.dataset.weight)"
    )
    _slide(page, "lw-kernel-width", 0.3)
    _assert_readouts_agree(page)
    after = page.locator(by_testid("lw-bar")).evaluate_all("els => els.map(e => e.dataset.weight)")
    assert after != weights  # kernel width still refits, from the saved fits
    root = page.locator(by_testid("lw-root"))
    assert root.locator("img, script").count() == 0
    expect(page.locator(by_testid("lw-chart"))).to_contain_text("<img src=x onerror=alert(1)>")
    assert dialogs == []


def _controls_at_rest(page: Page) -> dict[str, Any]:
    """What the controls and the chart say: readouts, values, the fit shown."""
    readouts = {t: _readout(page, t) for t in ["lw-kernel-width", "lw-num-features"]}
    values = {
        t: page.locator(by_testid(t)).input_value()
        for t in ["lw-kernel-width", "lw-num-features", "lw-feature-selection", "lw-label"]
    }
    root = attrs(page, "lw-root")
    bars = page.locator(by_testid("lw-bar")).evaluate_all("els => els.map(e => e.dataset.weight)")
    return {"readouts": readouts, "values": values, "seq": root["data-seq"], "bars": bars}


def test_a_notebook_reopened_without_saved_fits_disables_what_cannot_refit(
    page: Page, notebook: Any, jupyter: Any
) -> None:
    """Saved before its fits were ready: no control moves only to bounce back; each one that
    cannot act is disabled, and the page says why and what to do."""
    from .test_widget import SETUP

    explainer = (
        "explainer = lw.LimeTabularExplainer(X, feature_names=list(data.feature_names), "
        "class_names=list(data.target_names), random_state=0)"
    )
    path = notebook([SETUP + "\n" + explainer, REOPEN])
    _save_and_reopen(page, jupyter, path, fits=False)
    for testid in [
        "lw-kernel-width",
        "lw-reset-width",
        "lw-num-features",
        "lw-feature-selection",
        "lw-label",
    ]:
        expect(page.locator(by_testid(testid))).to_be_disabled()
    note = page.locator(by_testid("lw-offline-note"))
    expect(note).to_be_visible()
    expect(note).to_contain_text("saved before the widget's fits were ready")
    expect(note).to_contain_text("re-run the cell")
    title = attrs(page, "lw-kernel-width").get("title", "")
    assert "saved before the widget's fits were ready" in title

    before = _controls_at_rest(page)
    for testid in ["lw-kernel-width", "lw-num-features"]:  # a click on each track
        box = page.locator(by_testid(testid)).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
        assert _controls_at_rest(page) == before  # no readout jumps to a value it cannot show
    # the saved state's sweep is drawn, but a click there cannot choose a width either
    sweep = page.locator(by_testid("lw-sweep"))
    expect(sweep).to_be_visible()
    sweep.scroll_into_view_if_needed()
    box = sweep.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
    assert _controls_at_rest(page) == before
    expect(page.locator(".lime-widget__sweep-panel")).not_to_contain_text("choose")
    page.wait_for_timeout(600)  # past the controls' quiet time: still nothing moves
    assert _controls_at_rest(page) == before


def test_hostile_names_in_a_saved_file_stay_text(offline_page: OfflinePage, tmp_path: Path) -> None:
    page, blocked, _ = offline_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    data = load_breast_cancer()
    X = data.data[:, :5]
    model = LogisticRegression(max_iter=5000).fit(X, data.target)
    hostile = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    exp = lw.LimeTabularExplainer(
        X,
        feature_names=[f"{hostile}{i}" for i in range(5)],
        class_names=[hostile, "b"],
        random_state=0,
    ).explain_instance(X[0], model.predict_proba, num_samples=300, labels=(0, 1))
    path = tmp_path / "hostile.html"
    exp.save_to_file(path)
    page.goto(path.as_uri())
    wait_attr(page, "lw-root", "data-status", "idle")
    root = page.locator(by_testid("lw-root"))
    assert root.locator("img, script").count() == 0
    expect(page.locator(by_testid("lw-chart"))).to_contain_text("<img src=x onerror=")
    page.evaluate("() => new Promise(r => setTimeout(r, 50))")
    assert dialogs == []
    assert page.locator("script").count() == 2  # the page's data block and bundle, nothing more
    assert blocked == []
