"""``LimeImageExplainer``'s contract: its constructor and ``explain_instance``.

``hide_color`` is checked against the image (one number, or one value per
channel, finite; no colour names) before anything is drawn, so the error names
it rather than the model that would have received NaN images.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from lime_widget import LimeImageExplainer

from ._support import IMAGE, IMG, SEGMENTS, explain, image_model, make, q, refused, segment

# ---------------------------------------------------------------- image


@pytest.mark.parametrize(
    ("image", "shape"),
    [
        (np.zeros(10), "(10,)"),
        (np.zeros((2, 32, 32, 3)), "(2, 32, 32, 3)"),
        (np.zeros((1, 1, 3)), "(1, 1, 3)"),
        (np.float64(1.0), "()"),
    ],
    ids=["1-d", "4-d", "one-pixel", "scalar"],
)
def test_image_not_an_image(image: np.ndarray, shape: str) -> None:
    with pytest.raises(ValueError, match=rf"'image'.*\(H, W, C\).*Got shape {q(shape)}"):
        explain("image", instance=image)


@pytest.mark.parametrize("channels", [4, 1], ids=["rgba", "one-channel"])
def test_the_default_segmentation_needs_rgb(channels: int) -> None:
    with pytest.raises(
        ValueError, match=rf"quickshift.*needs an RGB.*{channels} channel.*segmentation_fn="
    ):
        explain("image", instance=np.zeros((32, 32, channels)), segmentation_fn=None)


def test_image_not_numeric() -> None:
    image = np.full((8, 8, 3), "a")
    with pytest.raises(ValueError, match=r"'image'.*numeric.*<U1"):
        explain("image", instance=image, segmentation_fn=lambda im: SEGMENTS[:8, :8])


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_image_nan_or_inf(bad: float) -> None:
    image = IMAGE.copy()
    image[0, 0, 0] = bad
    with pytest.raises(ValueError, match=r"'image'.*NaN or infinity"):
        explain("image", instance=image)


@pytest.mark.parametrize(
    ("segments", "given"),
    [
        (SEGMENTS[:16], r"dtype int64 and shape \(16, 32\)"),
        (SEGMENTS.T[None], r"shape \(1, 32, 32\)"),
        (SEGMENTS * np.nan, r"dtype float64 and shape \(32, 32\)"),
        (None, r"shape \(\)"),
    ],
    ids=["wrong-shape", "3-d", "nan-labels", "None"],
)
def test_segmentation_fn_wrong_output(segments: Any, given: str) -> None:
    with pytest.raises(ValueError, match=rf"segmentation_fn.*label array.*\(32, 32\).*{given}"):
        explain("image", segmentation_fn=lambda image: segments)


def test_segmentation_fn_not_callable() -> None:
    with pytest.raises(TypeError, match=r"'segmentation_fn'.*callable.*'slic'"):
        explain("image", segmentation_fn="slic")


def test_unknown_segmentation_algorithm_with_hint() -> None:
    from lime_widget import SegmentationAlgorithm

    with pytest.raises(ValueError, match=r"'algo_type'.*'quickshfit'.*Did you mean 'quickshift'\?"):
        SegmentationAlgorithm("quickshfit")


# ---------------------------------------------------------------- every constructor parameter

CTOR_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("kernel_width-str", {"kernel_width": "x"}, TypeError, "kernel_width", r"Got 'x' of type str"),
    ("kernel_width-negative", {"kernel_width": -0.25}, ValueError, "kernel_width", r"Got -0.25"),
    ("kernel-str", {"kernel": "x"}, TypeError, "kernel", r"callable.*Got 'x'"),
    ("feature_selection-int", {"feature_selection": 1}, TypeError, "feature_selection", "Got 1"),
    ("random_state-str", {"random_state": "x"}, TypeError, "random_state", r"Got 'x' of type"),
    ("random_state-float", {"random_state": 0.5}, TypeError, "random_state", r"of type float"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in CTOR_CASES],
    ids=[c[0] for c in CTOR_CASES],
)
def test_constructor_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    refused(lambda: LimeImageExplainer(**kwargs), error, param, entry=IMG, match=match)


# ---------------------------------------------------------------- every explain_instance parameter

EXPLAIN = f"{IMG}.explain_instance"
EXPLAIN_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("image-str", {"instance": "img"}, ValueError, "image", r"\(H, W, C\)"),
    ("labels-int", {"labels": 1, "top_labels": None}, TypeError, "labels", r"Got 1 of type int"),
    ("labels-out", {"labels": (3,), "top_labels": None}, ValueError, "labels", r"\[0, 1\]"),
    ("top_labels-0", {"top_labels": 0}, ValueError, "top_labels", r">= 1.*Got 0\b"),
    ("top_labels-str", {"top_labels": "5"}, TypeError, "top_labels", r"Got '5' of type str"),
    ("num_features-str", {"num_features": "5"}, TypeError, "num_features", r"Got '5' of type"),
    ("num_samples-0", {"num_samples": 0}, ValueError, "num_samples", r">= 2.*Got 0\b"),
    ("batch_size-0", {"batch_size": 0}, ValueError, "batch_size", r">= 1.*Got 0\b"),
    ("batch_size-float", {"batch_size": 2.5}, TypeError, "batch_size", r"Got 2.5 of type float"),
    ("segmentation_fn-int", {"segmentation_fn": 3}, TypeError, "segmentation_fn", "Got 3"),
    ("distance_metric-typo", {"distance_metric": "cosin"}, ValueError, "distance_metric", "cosine"),
    ("model_regressor-int", {"model_regressor": 1}, TypeError, "model_regressor", r"no fit"),
    (
        "hide_color-length",
        {"hide_color": [0, 0]},
        ValueError,
        "hide_color",
        r"3 channel.*shape \(2,\)",
    ),
    (
        "hide_color-name",
        {"hide_color": "black"},
        ValueError,
        "hide_color",
        r"colour names.*'black'",
    ),
    ("hide_color-nan", {"hide_color": float("nan")}, ValueError, "hide_color", r"finite.*nan"),
    ("hide_color-inf", {"hide_color": [0, np.inf, 0]}, ValueError, "hide_color", r"finite"),
    (
        "hide_color-2d",
        {"hide_color": np.zeros((2, 3))},
        ValueError,
        "hide_color",
        r"shape \(2, 3\)",
    ),
    ("hide_color-strings", {"hide_color": ["r", "g", "b"]}, ValueError, "hide_color", "'r'"),
    (
        "random_seed-str",
        {"random_seed": "x", "segmentation_fn": None},
        TypeError,
        "random_seed",
        "'x'",
    ),
    (
        "random_seed-float",
        {"random_seed": 1.5, "segmentation_fn": None},
        TypeError,
        "random_seed",
        "1.5",
    ),
    (
        "random_seed-negative",
        {"random_seed": -1, "segmentation_fn": None},
        ValueError,
        "random_seed",
        r">= 0",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in EXPLAIN_CASES],
    ids=[c[0] for c in EXPLAIN_CASES],
)
def test_explain_instance_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    explainer = make("image")
    refused(lambda: explain("image", explainer, **kwargs), error, param, entry=EXPLAIN, match=match)
    # refused before lime's randint(0, 1000) draw: the explainer is where a fresh one is
    assert explain("image", explainer).as_map() == explain("image").as_map()


def test_classifier_fn_not_callable() -> None:
    refused(
        lambda: LimeImageExplainer().explain_instance(IMAGE, 3, segmentation_fn=segment),
        TypeError,
        "classifier_fn",
        entry=EXPLAIN,
        match="callable",
    )


# ---------------------------------------------------------------- what lime accepts


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hide_color": 0},
        {"hide_color": [0, 0, 0]},
        {"hide_color": np.array([0.5, 0.5, 0.5])},
        {"hide_color": np.zeros((32, 32, 3))},
        {"labels": [0, 1], "top_labels": None},
        {"random_seed": 7},
        {"random_seed": "ignored with a segmentation_fn"},
    ],
    ids=["scalar", "rgb", "array", "full-image", "labels-list", "seed", "seed-ignored"],
)
def test_what_lime_accepts_is_accepted_with_lime_numbers(kwargs: dict[str, Any]) -> None:
    import lime.lime_image

    args = {"num_samples": 40, "segmentation_fn": segment, "batch_size": 10, **kwargs}
    ours = LimeImageExplainer(random_state=0).explain_instance(IMAGE, image_model, **args)
    theirs = lime.lime_image.LimeImageExplainer(random_state=0).explain_instance(
        IMAGE, image_model, **args
    )
    assert sorted(ours.local_exp) == sorted(theirs.local_exp)
    for label, pairs in theirs.local_exp.items():
        assert [f for f, _ in ours.local_exp[label]] == [f for f, _ in pairs]
        np.testing.assert_allclose(
            [w for _, w in ours.local_exp[label]], [w for _, w in pairs], atol=1e-6
        )
