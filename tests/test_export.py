"""lime's sharing API: ``as_html`` / ``save_to_file``, one offline file whose controls refit.

The page answers its controls from a grid of fits computed by the engine; here every
fit of the grid is checked against ``exp.refit(...)`` at that setting (the browser test
reads the same numbers back from the page, network blocked).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression

import lime_widget as lw
from lime_widget.explanation._export import page_data
from lime_widget.explanation._offline import offline_grid

XSS = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def cancer() -> tuple[Any, Any]:
    data = load_breast_cancer()
    model = RandomForestClassifier(n_estimators=30, random_state=0).fit(data.data, data.target)
    return data, model


@pytest.fixture(scope="module")
def cancer_exp(cancer: Any) -> lw.Explanation:
    data, model = cancer
    explainer = lw.LimeTabularExplainer(
        data.data,
        feature_names=list(data.feature_names),
        class_names=list(data.target_names),
        random_state=0,
    )
    return explainer.explain_instance(data.data[0], model.predict_proba)  # 5,000 samples


def _decode(grid: dict[str, Any]) -> tuple[np.ndarray, ...]:
    def arr(key: str, dtype: str) -> np.ndarray:
        return np.frombuffer(base64.b64decode(grid[key]), dtype=dtype)

    scalars = arr("scalars", "<f8").reshape(-1, 3)
    return arr("offsets", "<u4"), arr("ids", "<u4"), arr("weights", "<f8"), scalars


def assert_grid_is_refit(exp: lw.Explanation, grid: dict[str, Any], *, stride: int = 1) -> int:
    """Every fit of the grid equals ``exp.refit`` at its setting, bit for bit."""
    offsets, ids, weights, scalars = _decode(grid)
    checked = 0
    for method in grid["methods"]:
        for ki, k in enumerate(grid["ks"]):
            for wi, width in enumerate(grid["widths"][::stride]):
                wi *= stride
                refit = exp.refit(
                    kernel_width=width,
                    num_features=k,
                    feature_selection=method,
                    labels=grid["labels"],
                )
                for li, label in enumerate(grid["labels"]):
                    key = 1 if exp.mode == "regression" else label
                    f = grid["index"][method][ki][wi][li]
                    pairs = list(
                        zip(
                            ids[offsets[f] : offsets[f + 1]].tolist(),
                            weights[offsets[f] : offsets[f + 1]].tolist(),
                            strict=True,
                        )
                    )
                    assert pairs == refit.local_exp[key], (method, k, width, label)
                    assert scalars[f, 0] == refit.intercept[key]
                    assert scalars[f, 1] == refit.score[key]
                    assert scalars[f, 2] == np.ravel(refit.local_pred[key])[0]
                    checked += 1
    return checked


def test_tabular_grid_equals_refit_everywhere(cancer_exp: lw.Explanation) -> None:
    grid = offline_grid(cancer_exp)
    assert grid["labels"] == [0, 1]
    assert grid["ks"] == list(range(1, 11))
    assert len(grid["widths"]) == 29
    assert cancer_exp.settings is not None
    assert cancer_exp.settings.kernel_width in grid["widths"]
    assert assert_grid_is_refit(cancer_exp, grid, stride=4) == 4 * 10 * 8 * 2


def test_regression_text_and_image_grids_equal_refit() -> None:
    X, y = load_diabetes(return_X_y=True)
    reg = LinearRegression().fit(X, y)
    exp = lw.LimeTabularExplainer(X, mode="regression", random_state=0).explain_instance(
        X[0], reg.predict, num_samples=800, num_features=4
    )
    assert assert_grid_is_refit(exp, offline_grid(exp), stride=7) > 0

    def text_model(docs: list[str]) -> np.ndarray:
        p = np.array([0.2 + 0.6 * ("good" in d) - 0.1 * ("slow" in d) for d in docs])
        return np.column_stack([1 - p, p])

    text = lw.LimeTextExplainer(random_state=0).explain_instance(
        "a good film but slow and long, good actors", text_model, num_samples=600
    )
    assert assert_grid_is_refit(text, offline_grid(text), stride=7) > 0

    image = np.zeros((24, 24, 3))
    image[:12] = 1.0
    segments = np.repeat(np.arange(6), 96).reshape(24, 24)

    def image_model(images: np.ndarray) -> np.ndarray:
        p = images[:, :12].mean(axis=(1, 2, 3))
        return np.column_stack([1 - p, p, 0.5 * np.ones_like(p)]) / np.c_[1.5 * np.ones_like(p)]

    img = lw.LimeImageExplainer(random_state=0).explain_instance(
        image, image_model, top_labels=2, num_samples=300, segmentation_fn=lambda im: segments
    )
    grid = offline_grid(img)
    assert grid["labels"] == [0, 1, 2]
    assert assert_grid_is_refit(img, grid, stride=7) > 0


def test_lime_call_shapes_and_one_small_file(cancer_exp: lw.Explanation, tmp_path: Path) -> None:
    path = tmp_path / "exp.html"
    cancer_exp.save_to_file(str(path))
    cancer_exp.save_to_file(
        path, labels=[0], predict_proba=False, show_predicted_value=False, show_table=True
    )
    page = cancer_exp.as_html(labels=(0,), predict_proba=True, show_all=False)
    assert path.read_text(encoding="utf-8") == page
    assert len(page.encode()) <= 1_000_000  # lime's static page: 1.2 MB
    assert "Content-Security-Policy" in page
    assert "default-src 'none'" in page
    # nothing is loaded from anywhere: no src/href attribute names a resource
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    data = json.loads(re.search(r'id="lw-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert data["params"]["label"] == 0
    assert data["params"]["num_samples"] == 5000


def test_bad_arguments_say_what_to_change(cancer_exp: lw.Explanation, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'labels' parameter of Explanation\.as_html"):
        cancer_exp.as_html(labels=[7])
    with pytest.raises(TypeError, match=r"'file_path' parameter of Explanation\.save_to_file"):
        cancer_exp.save_to_file(None)


def test_user_strings_stay_data_in_the_file(cancer: Any) -> None:
    data, model = cancer
    explainer = lw.LimeTabularExplainer(
        data.data[:, :4],
        feature_names=[f"{XSS}{i}" for i in range(4)],
        class_names=[XSS, "ok"],
        random_state=0,
    )

    def predict(rows: np.ndarray) -> np.ndarray:
        padded = np.hstack([rows, np.tile(data.data[0, 4:], (len(rows), 1))])
        return model.predict_proba(padded)

    exp = explainer.explain_instance(data.data[0, :4], predict, num_samples=300)
    page = exp.as_html()
    body = page.split('id="lw-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body
    assert ">" not in body
    assert page.count("<script") == 2  # the data block and the bundle, nothing injected
    assert page_data(exp)["meta"]["class_names"][0] == XSS  # the names survive, as data
