"""Image explanations in the widget: the bars name superpixels the way the picture does."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import lime_widget as lw
from lime_widget.explanation._payload import diagnostics_dict, explanation_dict


@pytest.fixture(scope="module")
def image_exp() -> Any:
    image = np.zeros((20, 20, 3), dtype=np.uint8)
    image[:10] = 200
    segments = np.repeat(np.arange(5), 80).reshape(20, 20)  # five bands of four rows

    def model(images: np.ndarray) -> np.ndarray:
        p = images[:, :10].mean(axis=(1, 2, 3)) / 255
        return np.column_stack([1 - p, p])

    return lw.LimeImageExplainer(random_state=0).explain_instance(
        image,
        model,
        top_labels=1,
        hide_color=0,
        num_samples=200,
        num_features=3,
        segmentation_fn=lambda im: segments,
    )


def test_bars_name_superpixels_not_bare_numbers(image_exp: Any) -> None:
    label = image_exp.top_labels[0]
    pairs = image_exp.local_exp[label]
    payload = explanation_dict(image_exp, label)

    features = payload["features"]
    assert len(features) == 3
    assert [f["id"] for f in features] == [int(fid) for fid, _ in pairs]
    assert [f["name"] for f in features] == [f"superpixel {int(fid)}" for fid, _ in pairs]
    assert all(isinstance(f["name"], str) for f in features)


def test_diagnostics_use_the_same_names(image_exp: Any) -> None:
    label = image_exp.top_labels[0]
    payload = explanation_dict(image_exp, label)
    params = {"kernel_width": 0.25, "num_samples": 200, "num_features": 3}
    diagnostics = diagnostics_dict(image_exp, label, params)
    bar_names = {f["id"]: f["name"] for f in payload["features"]}
    for row in diagnostics["top_k_frequency"]:
        assert row["name"] == f"superpixel {row['id']}"
        if row["id"] in bar_names:
            assert row["name"] == bar_names[row["id"]]


def test_as_list_keeps_lime_ids(image_exp: Any) -> None:
    """lime's readers are unchanged: an image explanation lists integer superpixel ids."""
    label = image_exp.top_labels[0]
    ids = [fid for fid, _ in image_exp.as_list(label=label)]
    assert ids == [fid for fid, _ in image_exp.local_exp[label]]
    assert all(isinstance(fid, (int, np.integer)) for fid in ids)


def test_image_class_names_reach_the_page_and_leave_limes_numbers_alone():
    """lime's image explanations have no class names; ours may, for the widget's words."""
    from lime_widget import LimeImageExplainer
    from lime_widget.explanation._export import page_data

    image = np.zeros((32, 32, 3))
    image[:16] = 1.0
    segments = np.repeat(np.arange(4), 256).reshape(32, 32)

    def model(images):
        p = images[:, :16].mean(axis=(1, 2, 3))
        return np.column_stack([1 - p, p])

    def explain(**kwargs):
        return LimeImageExplainer(random_state=0, **kwargs).explain_instance(
            image,
            model,
            top_labels=2,
            hide_color=0,
            num_samples=100,
            segmentation_fn=lambda im: segments,
        )

    named, plain = explain(class_names=["dark", "bright"]), explain()
    assert named.as_map() == plain.as_map()
    assert named.class_names == ["dark", "bright"]
    assert plain.class_names is None
    assert page_data(named)["meta"]["class_names"] == ["dark", "bright"]
    assert page_data(plain)["meta"]["class_names"] == ["0", "1"]
    with pytest.raises(TypeError, match="'class_names' parameter of LimeImageExplainer"):
        LimeImageExplainer(class_names=3)
