"""What the widget, saved pages and static renderings show of recurrent and sparse instances.

A recurrent explanation's view carries its feature x time-step grid (the widget draws it as
a heatmap, js/views/recurrent-view.ts; the static rendering as a table); a sparse one shows
every column of its row, zeros included, as the tabular table does.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

import lime_widget as lw
from lime_widget.explanation._export import page_data
from lime_widget.explanation._payload import explanation_dict, meta_dict

STEPS, FEATURES = 4, 3
NAMES = ["load", "<b>temp</b>", "weekday"]


def _meta(exp: lw.Explanation) -> dict[str, Any]:
    return meta_dict(
        exp, kernel_width_default=1.0, samples_min=50, samples_max=1000, samples_step=50
    )


def _model(series: np.ndarray) -> np.ndarray:
    p = 1 / (1 + np.exp(-(2 * series[:, -1, 0] - series[:, -3, 1])))
    return np.column_stack([1 - p, p])


@pytest.fixture(scope="module")
def recurrent() -> tuple[lw.RecurrentTabularExplainer, np.ndarray, lw.Explanation]:
    X = np.random.RandomState(1).normal(size=(200, STEPS, FEATURES))
    explainer = lw.RecurrentTabularExplainer(
        X, feature_names=NAMES, class_names=["low", "high"], random_state=0
    )
    exp = explainer.explain_instance(X[0], _model, num_features=5, num_samples=400)
    return explainer, X, exp


def test_the_payload_carries_the_grid(recurrent: Any) -> None:
    _, X, exp = recurrent
    meta = _meta(exp)
    assert meta["kind"] == "recurrent"
    grid = meta["recurrent"]
    assert grid["features"] == NAMES
    assert grid["steps"] == ["t-3", "t-2", "t-1", "t-0"]
    # cells[f][t] is lime's flattened column of feature f at step t, named "f_t-k"
    for f, row in enumerate(grid["cells"]):
        for t, fid in enumerate(row):
            assert exp.domain_mapper.feature_names[fid] == f"{NAMES[f]}_{grid['steps'][t]}"
            assert meta["instance"][fid]["name"] == f"{NAMES[f]}_{grid['steps'][t]}"
            shown = meta["instance"][fid]["value"]  # rounded to tell it from its bin's edges
            assert float(shown) == pytest.approx(
                X[0, t, f], abs=0.51 * 10 ** -len(shown.split(".")[1])
            )
    assert meta["n_features"] == STEPS * FEATURES
    # every explained feature is a cell of the grid
    cells = {fid for row in grid["cells"] for fid in row}
    shown = explanation_dict(exp, 1)["features"]
    assert len(shown) == 5
    assert {f["id"] for f in shown} <= cells


def test_a_saved_page_and_the_live_widget_carry_the_grid(recurrent: Any) -> None:
    explainer, X, exp = recurrent
    assert page_data(exp)["meta"]["recurrent"] == _meta(exp)["recurrent"]
    widget = explainer.interact(X[2], _model, num_features=3, num_samples=300)
    try:
        assert widget.meta["kind"] == "recurrent"
        assert widget.meta["recurrent"]["features"] == NAMES
        assert len(widget.wait().as_list(widget.label)) == 3
    finally:
        widget.close()


def test_the_static_rendering_shows_the_grid_as_a_table(recurrent: Any) -> None:
    _, _, exp = recurrent
    page = exp._repr_html_()
    assert "<script" not in page
    assert "Weights by feature and time step" in page
    assert "<b>temp</b>" not in page
    assert "&lt;b&gt;temp&lt;/b&gt;" in page
    explained = {f for f, _ in exp.local_exp[1]}
    tinted = {
        int(m.group(1))
        for m in re.finditer(
            r'<td data-feature-id="(\d+)" title="[^"]*" style="[^"]*background-color', page
        )
    }
    assert tinted == explained
    cells = re.findall(r'<td data-feature-id="\d+"', page)
    assert len(cells) == STEPS * FEATURES


def test_recurrent_shapes_are_checked(recurrent: Any) -> None:
    explainer, X, _ = recurrent
    with pytest.raises(ValueError, match=r"shape \(n_timesteps, n_features\) = \(4, 3\)"):
        explainer.explain_instance(X[0].T, _model)
    with pytest.raises(ValueError, match="3-d array"):
        lw.RecurrentTabularExplainer(X[:, :, 0], feature_names=["a"])
    with pytest.raises(ValueError, match="one name per feature of a time step"):
        lw.RecurrentTabularExplainer(X, feature_names=["a", "b"])
    with pytest.raises(TypeError, match="'classifier_fn'"):
        explainer.explain_instance(X[0], "model")
    # a keras-style batch of one is the same series
    one = explainer.explain_instance(X[:1], _model, num_samples=100)
    assert len(one.as_list()) == 10


def test_a_sparse_instance_shows_every_column() -> None:
    rs = np.random.RandomState(0)
    dense = np.where(rs.rand(300, 12) > 0.7, rs.rand(300, 12), 0.0)
    X = sp.csr_matrix(dense)

    def model(rows: Any) -> np.ndarray:
        p = 1 / (1 + np.exp(-(np.asarray(rows @ np.arange(12.0)).ravel() - 5)))
        return np.column_stack([1 - p, p])

    names = [f"w{i}" for i in range(12)]
    explainer = lw.LimeTabularExplainer(X, feature_names=names, random_state=0)
    row = X[4]
    exp = explainer.explain_instance(row, model, num_features=3, num_samples=300)
    meta = _meta(exp)
    assert meta["kind"] == "tabular"
    assert [r["name"] for r in meta["instance"]] == names
    for i, r in enumerate(meta["instance"]):
        assert float(r["value"]) == pytest.approx(dense[4, i], abs=1e-5)
    # lime's sparse fields: the stored values and their columns
    assert list(exp.domain_mapper.feature_indexes) == list(row.indices)
    assert exp.domain_mapper.feature_values == [f"{v:.2f}" for v in row.data]
    page = exp._repr_html_()
    for f, _ in exp.local_exp[1]:
        assert f'data-feature-id="{f}"' in page
    assert page_data(exp)["meta"]["n_features"] == 12  # the saved page refits it too


def test_a_sparse_neighbourhood_too_wide_to_densify_says_so() -> None:
    """Fits stay sparse; views and diagnostics that need the samples dense refuse clearly."""
    from lime_widget.engine._sparse import DENSE_LIMIT, SparseNeighbourhood

    n, d = 5000, DENSE_LIMIT // (8 * 5000) + 1
    wide = SparseNeighbourhood(sp.csr_matrix((n, d)), np.zeros(n), np.zeros((n, 2)))
    assert wide.num_samples == n
    assert wide.pair_products() is None
    with pytest.raises(ValueError, match=r"sparse 5000 x \d+ matrix; .* need them dense"):
        _ = wide.design
    small = wide.prefix(10)
    assert small.design.shape == (10, d)  # a small one is made dense on first use
