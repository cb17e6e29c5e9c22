"""Inputs lime 0.2.0.1 accepts, accepted here too with lime's numbers.

Negative categorical codes (-1 for "missing"), discretizer instances (lime's own classes
included), RGBA and (H, W, 1) images with a given segmentation, float segment labels.
"""

from __future__ import annotations

import warnings
from typing import Any

import lime.discretize as lime_discretize
import numpy as np
import pytest
from lime.lime_image import LimeImageExplainer as LimeImage
from lime.lime_tabular import LimeTabularExplainer as LimeTabular

import lime_widget as lw

TOL = 1e-9


@pytest.fixture(autouse=True)
def _quiet() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def data() -> tuple[np.ndarray, np.ndarray]:
    rs = np.random.RandomState(0)
    X = np.column_stack([rs.normal(size=300), rs.randint(-1, 3, size=300), rs.gamma(2, size=300)])
    return X.astype(float), (X[:, 0] + 0.3 * X[:, 1] > 0).astype(int)


def model(rows: np.ndarray) -> np.ndarray:
    p = 1 / (1 + np.exp(-(rows[:, 0] + 0.3 * rows[:, 1] - 0.2 * rows[:, 2])))
    return np.column_stack([1 - p, p])


def same_list(ours: lw.Explanation, theirs: Any, label: int = 1) -> None:
    a, b = ours.as_list(label=label), theirs.as_list(label=label)
    assert [n for n, _ in a] == [n for n, _ in b]
    assert np.allclose([w for _, w in a], [w for _, w in b], rtol=0, atol=TOL)
    assert abs(ours.score[label] - theirs.score) <= TOL


@pytest.mark.parametrize("discretize", [True, False])
@pytest.mark.parametrize("names", [None, ["low", "mid", "high", "missing"]])
@pytest.mark.parametrize("row", [0, 3])
def test_negative_category_codes(discretize: bool, names: Any, row: int) -> None:
    X, _ = data()
    opts: dict[str, Any] = {
        "categorical_features": [1],
        "discretize_continuous": discretize,
        "random_state": 0,
    }
    if names is not None:
        opts["categorical_names"] = {1: names}
    kwargs = {"num_features": 3, "num_samples": 400}
    theirs = LimeTabular(X, **opts).explain_instance(X[row], model, **kwargs)
    ours = lw.LimeTabularExplainer(X, **opts).explain_instance(X[row], model, **kwargs)
    same_list(ours, theirs)


@pytest.mark.parametrize(
    "make",
    [
        lambda X, y: lime_discretize.QuartileDiscretizer(X, [1], ["a", "b", "c"], random_state=3),
        lambda X, y: lime_discretize.DecileDiscretizer(X, [1], ["a", "b", "c"], random_state=3),
        lambda X, y: lime_discretize.EntropyDiscretizer(
            X, [1], ["a", "b", "c"], labels=y, random_state=3
        ),
    ],
    ids=["lime-quartile", "lime-decile", "lime-entropy"],
)
def test_limes_own_discretizer_instances(make: Any) -> None:
    X, y = data()
    kwargs = {"num_features": 3, "num_samples": 400}
    opts = {"categorical_features": [1], "feature_names": ["a", "b", "c"], "random_state": 0}
    theirs = LimeTabular(X, discretizer=make(X, y), **opts).explain_instance(X[0], model, **kwargs)
    ours = lw.LimeTabularExplainer(X, discretizer=make(X, y), **opts).explain_instance(
        X[0], model, **kwargs
    )
    same_list(ours, theirs)


def test_our_discretizer_instance_and_the_error_for_a_wrong_one() -> None:
    X, _ = data()
    disc = lw.DecileDiscretizer(X, [], ["a", "b", "c"], random_state=0)
    exp = lw.LimeTabularExplainer(X, discretizer=disc, random_state=0).explain_instance(
        X[0], model, num_samples=200
    )
    assert len(exp.as_list()) == 3
    with pytest.raises(ValueError, match="or a fitted discretizer instance"):
        lw.LimeTabularExplainer(X, discretizer=object())


def images() -> tuple[np.ndarray, np.ndarray]:
    rgba = np.random.RandomState(1).rand(16, 16, 4)
    segments = np.repeat(np.arange(4), 64).reshape(16, 16)
    return rgba, segments


def image_model(batch: np.ndarray) -> np.ndarray:
    red = batch[..., 0].mean(axis=(1, 2))
    return np.column_stack([red, 1 - red])


@pytest.mark.parametrize("channels", [4, 1], ids=["RGBA", "HxWx1"])
@pytest.mark.parametrize("hide", [0, 0.5])
def test_rgba_and_single_channel_images_with_a_segmentation(channels: int, hide: float) -> None:
    rgba, segments = images()
    image = rgba[..., :channels]
    kwargs = {
        "top_labels": 2,
        "hide_color": hide,
        "num_samples": 200,
        "segmentation_fn": lambda im: segments,
    }
    theirs = LimeImage(random_state=0).explain_instance(image, image_model, **kwargs)
    ours = lw.LimeImageExplainer(random_state=0).explain_instance(image, image_model, **kwargs)
    for label in (0, 1):
        assert [f for f, _ in ours.local_exp[label]] == [int(f) for f, _ in theirs.local_exp[label]]
        assert np.allclose(
            [w for _, w in ours.local_exp[label]],
            [w for _, w in theirs.local_exp[label]],
            rtol=0,
            atol=TOL,
        )


def test_float_segment_labels_and_the_default_segmentation_needs_rgb() -> None:
    rgba, segments = images()
    rgb = rgba[..., :3]
    kwargs = {"top_labels": 1, "num_samples": 200}

    def float_segments(im: np.ndarray) -> np.ndarray:
        return segments.astype(float)

    theirs = LimeImage(random_state=0).explain_instance(
        rgb, image_model, segmentation_fn=float_segments, **kwargs
    )
    ours = lw.LimeImageExplainer(random_state=0).explain_instance(
        rgb, image_model, segmentation_fn=float_segments, **kwargs
    )
    label = ours.top_labels[0]
    assert [f for f, _ in ours.local_exp[label]] == [int(f) for f, _ in theirs.local_exp[label]]
    with pytest.raises(ValueError, match="needs an RGB image"):
        lw.LimeImageExplainer(random_state=0).explain_instance(rgba, image_model, **kwargs)
