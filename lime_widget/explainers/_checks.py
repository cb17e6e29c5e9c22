"""The explainers' argument checks that need no instance and no model: one place each.

``explain_instance``, ``interact``, ``explain_many`` and ``SubmodularPick`` take
``explain_instance``'s options; :func:`check_explain_options` checks all of them
before any sampling or model call, naming the method the user called. The fit
parameters themselves are checked by ``engine._params.FIT_PARAMETERS``; the
other constraints live in ``engine._validation``.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._distances import check_metric
from ..engine._params import check_fit_param
from ..engine._validation import (
    MAX_SAMPLES,
    InvalidParameterError,
    ModelOutputError,
    check_bool,
    check_callable,
    check_finite_array,
    check_int,
    check_label_list,
    check_model_regressor,
    wrong_type,
)

__all__ = [
    "check_batch_options",
    "check_common",
    "check_explain_options",
    "check_instances",
    "check_names",
    "check_pick_args",
    "check_split_expression",
    "check_tokens",
    "entry_point",
    "hide_fill",
    "keeps_stream_on_refusal",
]

#: ``explain_many``'s own options (the rest of its keywords are ``explain_instance``'s)
BATCH_OPTIONS = (
    "n_jobs",
    "per_row_seeds",
    "chunk_size",
    "progress",
    "on_result",
    "keep_neighbourhood",
    "model_thread",
)


def check_common(
    where: str,
    *,
    num_features: Any,
    num_samples: Any,
    top_labels: Any,
    batch_size: Any = None,
    labels: Any = (),
    model_regressor: Any = None,
) -> tuple[int, int, int | None, int | None]:
    """Check the arguments every ``explain_instance`` takes; the four counts normalised.

    ``labels`` is checked only when it is used (``top_labels`` not given), as lime
    ignores it otherwise.
    """
    nf = check_fit_param("num_features", num_features, where)
    ns = check_fit_param("num_samples", num_samples, where)
    tl = None if top_labels is None else check_fit_param("top_labels", top_labels, where)
    bs = None if batch_size is None else check_int(batch_size, "batch_size", where)
    if tl is None:
        check_label_list(labels, where)
    check_model_regressor(model_regressor, where)
    return nf, ns, tl, bs


def check_explain_options(explainer: Any, options: Mapping[str, Any], where: str) -> None:
    """Check ``explain_instance`` options (unknown names too) before anything is drawn."""
    explainer._check_options(options, where)
    given = {**explainer._explain_options, **options}
    check_common(
        where,
        num_features=given["num_features"],
        num_samples=given["num_samples"],
        top_labels=given["top_labels"],
        batch_size=given["batch_size"],
        labels=given["labels"],
        model_regressor=given["model_regressor"],
    )
    check_metric(given["distance_metric"], where)
    if "segmentation_fn" in given:
        check_segmentation_options(given, where)


def check_segmentation_options(
    options: Mapping[str, Any], where: str, image_shape: tuple[int, ...] | None = None
) -> None:
    """The image options: ``segmentation_fn``, ``random_seed`` and ``hide_color``.

    The fill must fit ``image_shape`` when the image is known.
    """
    segmentation_fn = options.get("segmentation_fn")
    what = "a callable image -> labels, e.g. SegmentationAlgorithm('slic', n_segments=50)"
    check_callable(segmentation_fn, "segmentation_fn", where, what, allow_none=True)
    seed = options.get("random_seed")
    if segmentation_fn is None and seed is not None:  # lime ignores it with a segmentation_fn
        check_int(seed, "random_seed", where, min_value=0)
    hide_color = options.get("hide_color")
    if hide_color is not None:
        fill = _fill_values(hide_color, where)
        if image_shape is not None:
            _check_fill_shape(fill, hide_color, image_shape, where)


def check_batch_options(
    where: str,
    *,
    n_jobs: Any = None,
    per_row_seeds: Any = None,
    chunk_size: Any = None,
    progress: Any = None,
    on_result: Any = None,
    keep_neighbourhood: Any = False,
    model_thread: Any = True,
) -> None:
    """Check ``explain_many``'s own options."""
    if n_jobs is not None:
        check_int(n_jobs, "n_jobs", where, min_value=-(2**31))
        if n_jobs == 0:
            msg = (
                f"The 'n_jobs' parameter of {where} must be a non-zero int (-1: all cores) or "
                "None (in-process). Got 0."
            )
            raise InvalidParameterError(msg)
    check_bool(per_row_seeds, "per_row_seeds", where, allow_none=True)
    if chunk_size is not None:
        check_int(chunk_size, "chunk_size", where)
    check_bool(progress, "progress", where, allow_none=True)
    check_callable(on_result, "on_result", where, "a callable(index, explanation)", allow_none=True)
    check_bool(keep_neighbourhood, "keep_neighbourhood", where)
    check_bool(model_thread, "model_thread", where)


def check_pick_args(
    explainer: Any, data: Any, predict_fn: Any, options: dict[str, Any], where: str
) -> None:
    """``SubmodularPick``'s explainer, data, model and options (its own and explain_many's)."""
    if not callable(getattr(explainer, "explain_many", None)) or not hasattr(
        explainer, "_explain_options"
    ):
        msg = (
            f"The 'explainer' parameter of {where} must be a lime_widget explainer (e.g. "
            f"LimeTabularExplainer(...)). Got {explainer!r} of type {type(explainer).__name__}."
        )
        raise InvalidParameterError(msg)
    if not (hasattr(data, "__len__") or hasattr(data, "nnz")) or isinstance(data, (str, bytes)):
        msg = (
            f"The 'data' parameter of {where} must be a 2-d array, DataFrame or sequence of "
            f"instances. Got {data!r} of type {type(data).__name__}."
        )
        raise InvalidParameterError(msg)
    check_batch_call(explainer, data, predict_fn, options, where, name="data")


def check_batch_call(
    explainer: Any,
    instances: Any,
    predict_fn: Any,
    options: Mapping[str, Any],
    where: str,
    name: str = "instances",
) -> None:
    """A batch's arguments (``explain_many``, a gallery, a pick) before any row is explained.

    ``options`` holds ``explain_many``'s own options and ``explain_instance`` arguments.
    """
    options = dict(options)
    check_batch_options(where, **{k: options.pop(k) for k in BATCH_OPTIONS if k in options})
    check_explain_options(explainer, options, where)
    what = "a callable that takes a batch of inputs, such as model.predict_proba"
    check_callable(predict_fn, "predict_fn", where, what)
    check_instances(explainer, instances, where, name=name)


def check_instances(explainer: Any, instances: Any, where: str, name: str = "instances") -> None:
    """What can be told about ``explain_many``'s instances before explaining any."""
    if instances is None or isinstance(instances, (int, float, bytes)):
        msg = (
            f"The {name!r} parameter of {where} must be an array, DataFrame or sequence of "
            f"instances. Got {instances!r} of type {type(instances).__name__}."
        )
        raise InvalidParameterError(msg)
    n_features = getattr(explainer, "n_features_in_", None)
    if isinstance(instances, np.ndarray) and instances.ndim == 2 and n_features is not None:
        rows = check_finite_array(instances, name, where, ndim=2) if instances.size else None
        if rows is not None and rows.shape[1] != n_features:
            msg = (
                f"The {name!r} parameter of {where} must have {n_features} columns, one per "
                f"training column. Got an array of shape {instances.shape}."
            )
            raise InvalidParameterError(msg)
    if explainer._where == "LimeTextExplainer" and isinstance(instances, (list, tuple)):
        for i, doc in enumerate(instances):
            if not isinstance(doc, str):
                msg = (
                    f"The {name!r} parameter of {where} must be a sequence of str (documents). "
                    f"Item {i} is {doc!r} of type {type(doc).__name__}."
                )
                raise InvalidParameterError(msg)


@contextlib.contextmanager
def entry_point(old: str, new: str) -> Iterator[None]:
    """Name ``new`` (the method the user called) in our errors raised as ``old``.

    Only this package's own error classes are renamed (a model's exception passes
    unchanged); attributes such as ``partial_results`` are kept.
    """
    try:
        yield
    except (InvalidParameterError, ModelOutputError) as exc:
        text = str(exc)
        if type(exc) not in (InvalidParameterError, ModelOutputError) or old not in text:
            raise
        renamed = type(exc)(text.replace(old, new))
        renamed.__dict__.update(exc.__dict__)
        raise renamed.with_traceback(exc.__traceback__) from exc.__cause__


def check_names(value: Any, name: str, where: str) -> list[str] | None:
    """None, or an iterable of names (``class_names``, ``feature_names``) as a list."""
    if value is None:
        return None
    if not isinstance(value, (str, bytes, Mapping)):
        try:
            return list(value)
        except TypeError:
            pass
    if isinstance(value, str):  # lime takes a string's characters as names
        return list(value)
    raise wrong_type(value, name, where, "a list of names")


# -- text ------------------------------------------------------------------------------------
def check_split_expression(value: Any, where: str) -> str | Callable[[str], Any]:
    """A regular expression (what separates words) or a tokenizer callable."""
    if callable(value):
        return value  # type: ignore[no-any-return]
    if not isinstance(value, str):
        msg = (
            f"The 'split_expression' parameter of {where} must be a regular expression (str) "
            f"or a callable str -> list of tokens. Got {value!r} of type {type(value).__name__}."
        )
        raise InvalidParameterError(msg)
    try:
        re.compile(rf"({value})|$")  # how the text is split
    except re.error as exc:
        msg = (
            f"The 'split_expression' parameter of {where} must be a valid regular expression. "
            f"Got {value!r}: {exc}. Escape special characters with re.escape()."
        )
        raise InvalidParameterError(msg) from None
    return value


def check_tokens(tokens: Any, where: str) -> Any:
    """A tokenizer's output: an iterable of str (a str: its characters, as lime takes it)."""
    if isinstance(tokens, str):
        return tokens
    items = None
    if tokens is not None and not isinstance(tokens, (bytes, Mapping)):
        with contextlib.suppress(TypeError):
            items = list(tokens)
    if items is None or not all(isinstance(t, str) for t in items):
        bad = tokens if items is None else next(t for t in items if not isinstance(t, str))
        msg = (
            f"The 'split_expression' tokenizer of {where} must return a list of str (the "
            f"words, in order). Got {bad!r} of type {type(bad).__name__}."
        )
        raise InvalidParameterError(msg)
    return items


# -- images ----------------------------------------------------------------------------------
def _fill_values(hide_color: Any, where: str) -> npt.NDArray[np.float64]:
    try:
        fill = np.asarray(hide_color, dtype=np.float64)
    except (TypeError, ValueError):
        fill = None
    if fill is None or fill.ndim > 3 or not np.isfinite(fill).all():
        msg = (
            f"The 'hide_color' parameter of {where} must be None (each superpixel's mean), a "
            "number, or one finite value per channel (e.g. [0, 0, 0] for black; colour names "
            f"are not accepted). Got {hide_color!r}."
        )
        raise InvalidParameterError(msg)
    return fill


def _check_fill_shape(
    fill: npt.NDArray[np.float64], hide_color: Any, shape: tuple[int, ...], where: str
) -> None:
    try:
        np.broadcast_shapes(fill.shape, shape)
    except ValueError:
        msg = (
            f"The 'hide_color' parameter of {where} must be one number or one value per channel: "
            f"the image has shape {shape} ({shape[-1]} channel(s)). Got {hide_color!r} of shape "
            f"{fill.shape}."
        )
        raise InvalidParameterError(msg) from None


def hide_fill(image: npt.NDArray[Any], hide_color: Any, where: str) -> npt.NDArray[Any]:
    """``image`` filled with ``hide_color`` (broadcast as lime does), checked first."""
    _check_fill_shape(_fill_values(hide_color, where), hide_color, image.shape, where)
    fudged: npt.NDArray[Any] = image.copy()
    fudged[:] = hide_color
    return fudged


def keeps_stream_on_refusal(method: Callable[..., Any]) -> Callable[..., Any]:
    """An explainer method that, when it refuses a parameter, leaves the random stream as it was.

    A call refused with an :class:`InvalidParameterError` after drawing (a label
    outside the model's classes, a kernel without usable weights) puts the
    explainer's ``RandomState`` back, so the corrected call gives what a fresh
    explainer with the same seed gives.
    """

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        state = self.random_state.get_state()
        try:
            return method(self, *args, **kwargs)
        except InvalidParameterError:
            self.random_state.set_state(state)
            raise

    return wrapper


def check_max_samples(value: Any, where: str) -> int | None:
    """``interact``'s ``max_samples``: None or a sample count."""
    if value is None:
        return None
    return check_int(value, "max_samples", where, min_value=2, max_value=MAX_SAMPLES)
