"""LIME for images, lime 0.2.0.1's ``LimeImageExplainer`` with a cached neighbourhood.

Perturbed images are built one model batch at a time with a vectorised
superpixel lookup (lime deep-copies the image and compares the whole
segmentation once per switched-off superpixel, per sample). Segment labels are
remapped to ``0..n-1``, so segmentations that start at 1 (``slic``) explain
every superpixel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from ..engine._distances import check_metric, distances_to
from ..engine._neighbourhood import ModelCaller, collect
from ..engine._params import FitSettings
from ..engine._validation import InvalidParameterError
from ..explanation._explanation import Explanation, Prepared
from ..explanation._image import ImageExplanation
from ._base import BaseExplainer, check_common, check_explainer_options
from ._checks import (
    check_names,
    check_segmentation_options,
    hide_fill,
    keeps_stream_on_refusal,
)

__all__ = ["LimeImageExplainer", "SegmentationAlgorithm"]

FloatArray = npt.NDArray[np.float64]


class SegmentationAlgorithm:
    """A scikit-image segmentation with fixed parameters, as lime's wrapper.

    Parameters
    ----------
    algo_type : {'quickshift', 'slic', 'felzenszwalb'}
    **target_params
        Passed to the algorithm; parameters it does not take are dropped, as lime does.

    Examples
    --------
    >>> import numpy as np
    >>> seg = SegmentationAlgorithm('slic', n_segments=4, start_label=0)
    >>> int(seg(np.zeros((16, 16, 3))).max()) >= 0
    True
    """

    def __init__(self, algo_type: str, **target_params: Any) -> None:
        import inspect

        from skimage.segmentation import felzenszwalb, quickshift, slic

        from ..engine._validation import check_option

        algos = {"quickshift": quickshift, "slic": slic, "felzenszwalb": felzenszwalb}
        self.algo_type = check_option(algo_type, "algo_type", "SegmentationAlgorithm", list(algos))
        self.target_fn = algos[self.algo_type]
        accepted = set(inspect.signature(self.target_fn).parameters)
        self.target_params = {k: v for k, v in target_params.items() if k in accepted}

    def __call__(self, image: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Segment ``image``."""
        return np.asarray(self.target_fn(image, **self.target_params))


@dataclass
class _ImageDraw:
    design: FloatArray
    image: npt.NDArray[Any]
    fudged: npt.NDArray[Any]
    segments: npt.NDArray[np.intp]

    def inputs(self, start: int, stop: int) -> npt.NDArray[Any]:
        off = self.design[start:stop] == 0
        return _compose(self.image, self.fudged, self.segments, off)


def _compose(
    image: npt.NDArray[Any],
    fudged: npt.NDArray[Any],
    segments: npt.NDArray[np.intp],
    off: npt.NDArray[np.bool_],
) -> npt.NDArray[Any]:
    """Images with the switched-off superpixels of each row of ``off`` replaced by ``fudged``.

    Pixels move as opaque ``channels * itemsize``-byte items: one masked copy
    per pixel rather than a per-channel select.
    """
    pixel = np.dtype((np.void, image.shape[-1] * image.itemsize))
    n_pixels = segments.size
    src = np.ascontiguousarray(image).reshape(n_pixels, -1).view(pixel).ravel()
    alt = np.ascontiguousarray(fudged).reshape(n_pixels, -1).view(pixel).ravel()
    hidden = np.take(off, segments.ravel(), axis=1)  # (batch, pixels)
    out = np.empty((off.shape[0], n_pixels), dtype=pixel)
    out[:] = src
    np.copyto(out, alt, where=hidden)
    return out.view(image.dtype).reshape(off.shape[0], *image.shape)


class _ImageSampler:
    def __init__(
        self,
        image: npt.NDArray[Any],
        fudged: npt.NDArray[Any],
        segments: npt.NDArray[np.intp],
        metric: Any,
    ) -> None:
        self.image = image
        self.fudged = fudged
        self.segments = segments
        self.metric = metric
        self.n_features = int(segments.max()) + 1

    def draw(
        self, n: int, random_state: np.random.RandomState, *, instance_first: bool
    ) -> _ImageDraw:
        data = random_state.randint(0, 2, n * self.n_features).reshape((n, self.n_features))
        if instance_first:
            data[0, :] = 1
        return _ImageDraw(data.astype(np.float64), self.image, self.fudged, self.segments)

    def distances(self, design: FloatArray) -> FloatArray:
        return distances_to(design, np.ones(self.n_features), self.metric)


def _remap_segments(segments: Any, shape: tuple[int, ...], where: str) -> npt.NDArray[np.intp]:
    seg = np.asarray(segments)
    numeric = np.issubdtype(seg.dtype, np.integer) or np.issubdtype(seg.dtype, np.floating)
    if seg.shape != shape or not numeric or (seg.dtype.kind == "f" and not np.isfinite(seg).all()):
        msg = (
            f"The 'segmentation_fn' parameter of {where} must return a label array of shape "
            f"{shape} (integer labels, or floats as lime accepts). Got dtype {seg.dtype} and "
            f"shape {seg.shape}."
        )
        raise InvalidParameterError(msg)
    _, inverse = np.unique(seg, return_inverse=True)
    return inverse.reshape(shape).astype(np.intp)


def _segment_means(image: npt.NDArray[Any], segments: npt.NDArray[np.intp]) -> npt.NDArray[Any]:
    """Each pixel replaced by its superpixel's per-channel mean, cast to the image dtype as lime."""
    n = int(segments.max()) + 1
    flat = segments.ravel()
    counts = np.bincount(flat, minlength=n).astype(np.float64)
    pixels = image.reshape(-1, image.shape[-1]).astype(np.float64)
    sums = np.stack(
        [np.bincount(flat, weights=pixels[:, c], minlength=n) for c in range(pixels.shape[1])],
        axis=1,
    )
    means = (sums / counts[:, None]).astype(image.dtype)
    return means[segments]


class _Segmented:
    """A segmentation computed ahead of its row, handed to the row's sampler."""

    def __init__(self, segments: npt.NDArray[Any]) -> None:
        self.segments = segments

    def __call__(self, image: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return self.segments


class LimeImageExplainer(BaseExplainer):
    """Explains image classifiers, with lime 0.2.0.1's API and numbers.

    Parameters
    ----------
    kernel_width : float, default=0.25
    kernel : callable, optional
    verbose : bool, default=False
        Accepted for compatibility.
    feature_selection : str, default='auto'
    random_state : int, RandomState or None
    class_names : list of str, optional
        Names of the model's output columns, for the widget, gallery cards and pages
        ("Why cat?" rather than "Why 1?"). Not in lime, whose image explanations have
        no class names; keyword-only, so lime's positional calls are unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> from lime_widget import LimeImageExplainer
    >>> image = np.zeros((32, 32, 3)); image[:16] = 1.0
    >>> def model(images):
    ...     p = images[:, :16].mean(axis=(1, 2, 3))
    ...     return np.column_stack([1 - p, p])
    >>> segments = np.repeat(np.arange(4), 256).reshape(32, 32)
    >>> explainer = LimeImageExplainer(random_state=0)
    >>> exp = explainer.explain_instance(image, model, top_labels=1, hide_color=0,
    ...                                  num_samples=100, segmentation_fn=lambda im: segments)
    >>> exp.top_labels
    [1]
    """

    _where = "LimeImageExplainer"
    _explain_options: ClassVar[Mapping[str, Any]] = {
        "labels": (1,),
        "hide_color": None,
        "top_labels": 5,
        "num_features": 100000,
        "num_samples": 1000,
        "batch_size": 10,
        "segmentation_fn": None,
        "distance_metric": "cosine",
        "model_regressor": None,
        "random_seed": None,
    }

    def __init__(
        self,
        kernel_width: float = 0.25,
        kernel: Callable[..., Any] | None = None,
        verbose: bool = False,
        feature_selection: str = "auto",
        random_state: Any = None,
        *,
        class_names: Sequence[str] | None = None,
    ) -> None:
        self.class_names = check_names(class_names, "class_names", self._where)
        width, self.feature_selection = check_explainer_options(
            self._where,
            kernel_width=kernel_width,
            feature_selection=feature_selection,
            kernel=kernel,
        )
        self.kernel_width = float(width if width is not None else 0.25)
        self.kernel_fn = kernel
        self.verbose = verbose
        self._init_random_state(random_state)

    def _check_image(self, image: Any, where: str) -> npt.NDArray[Any]:
        arr = np.asarray(image)
        if arr.ndim == 2:
            arr = np.stack([arr] * 3, axis=-1)  # skimage.color.gray2rgb
        if arr.ndim != 3 or arr.shape[-1] < 1 or min(arr.shape[:2]) < 2:
            msg = (
                f"The 'image' parameter of {where} must be an image of shape (H, W, C) — RGB, "
                f"RGBA, (H, W, 1) — or a grayscale image of shape (H, W). Got shape {arr.shape}."
            )
            raise InvalidParameterError(msg)
        if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
            msg = f"The 'image' parameter of {where} must be numeric. Got dtype {arr.dtype}."
            raise InvalidParameterError(msg)
        if np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
            msg = f"The 'image' parameter of {where} must not contain NaN or infinity."
            raise InvalidParameterError(msg)
        return np.ascontiguousarray(arr)

    def _ahead(self, image: Any, kwargs: Mapping[str, Any]) -> Callable[[], dict[str, Any]] | None:
        """The row's segmentation, for ``explain_many`` to compute ahead in another thread.

        None when it depends on the random stream (a scikit-image whose quickshift
        takes lime's ``random_seed``) or is the user's own function (which may not
        be thread-safe). The row's sampler still draws lime's ``randint(0, 1000)``.
        """
        given = kwargs.get("segmentation_fn")
        seed = kwargs.get("random_seed")
        if given is None:
            algo = SegmentationAlgorithm(
                "quickshift", kernel_size=4, max_dist=200, ratio=0.2, random_seed=seed
            )
            if seed is None and "random_seed" in algo.target_params:
                return None
        elif isinstance(given, SegmentationAlgorithm):
            algo = given
        else:
            return None

        def segment() -> dict[str, Any]:
            where = f"{self._where}.explain_instance"
            check_segmentation_options(kwargs, where)  # else the row's sampler says why
            arr = self._check_image(image, where)
            if given is None and arr.shape[-1] != 3:
                return {}
            return {"segmentation_fn": _Segmented(algo(arr))}

        return segment

    def sampler(
        self,
        image: Any,
        *,
        hide_color: Any = None,
        segmentation_fn: Callable[[Any], Any] | None = None,
        distance_metric: Any = "cosine",
        random_seed: int | None = None,
    ) -> _ImageSampler:
        """Segment ``image`` and return the sampler that switches superpixels off.

        Consumes the ``randint(0, 1000)`` draw of lime when ``random_seed`` is None.

        Parameters
        ----------
        image : ndarray of shape (H, W, C) or (H, W)
        hide_color : scalar or None, default=None
            Fill for switched-off superpixels; None uses each superpixel's mean colour.
        segmentation_fn : callable, optional
            ``image -> (H, W)`` integer labels; quickshift by default.
        distance_metric : str or callable, default='cosine'
        random_seed : int, optional
            Passed to the default segmentation.

        Returns
        -------
        sampler
            Holds the image, its segments renumbered ``0..n-1`` and the fill;
            draws rows of kept (1) and hidden (0) superpixels as lime does.
        """
        where = f"{self._where}.explain_instance"
        image = self._check_image(image, where)
        metric = check_metric(distance_metric, where)
        options = {"segmentation_fn": segmentation_fn, "random_seed": random_seed}
        check_segmentation_options({**options, "hide_color": hide_color}, where, image.shape)
        if random_seed is None:
            random_seed = self.random_state.randint(0, high=1000)
        if segmentation_fn is None and image.shape[-1] != 3:
            msg = (
                f"The default segmentation of {where} (quickshift) needs an RGB image; this one "
                f"has {image.shape[-1]} channel(s). Pass segmentation_fn= (e.g. "
                "SegmentationAlgorithm('slic', n_segments=50, channel_axis=-1), or your own "
                "labels), or convert the image to RGB."
            )
            raise InvalidParameterError(msg)
        if segmentation_fn is None:
            segmentation_fn = SegmentationAlgorithm(
                "quickshift", kernel_size=4, max_dist=200, ratio=0.2, random_seed=random_seed
            )
        segments = _remap_segments(segmentation_fn(image), image.shape[:2], where)
        if hide_color is None:
            fudged = _segment_means(image, segments)
        else:
            fudged = hide_fill(image, hide_color, where)
        return _ImageSampler(image, np.ascontiguousarray(fudged), segments, metric)

    @keeps_stream_on_refusal
    def explain_instance(
        self,
        image: Any,
        classifier_fn: Callable[[Any], Any],
        labels: Sequence[int] = (1,),
        hide_color: Any = None,
        top_labels: int | None = 5,
        num_features: int = 100000,
        num_samples: int = 1000,
        batch_size: int = 10,
        segmentation_fn: Callable[[Any], Any] | None = None,
        distance_metric: Any = "cosine",
        model_regressor: Any = None,
        random_seed: int | None = None,
    ) -> ImageExplanation:
        """Explain one image's prediction, as lime's ``explain_instance``.

        Parameters
        ----------
        image : ndarray of shape (H, W, C) or (H, W)
        classifier_fn : callable
            Takes a batch of images ``(B, H, W, 3)``, returns ``(B, n_classes)`` probabilities.
        labels : sequence of int, default=(1,)
            Ignored when ``top_labels`` is set (the default), as in lime.
        hide_color : scalar or None, default=None
            Fill for switched-off superpixels; None uses each superpixel's mean colour.
        top_labels : int or None, default=5
        num_features : int, default=100000
        num_samples : int, default=1000
        batch_size : int, default=10
            Images per model call.
        segmentation_fn : callable, optional
            ``image -> (H, W)`` integer labels; quickshift by default.
        distance_metric : str or callable, default='cosine'
        model_regressor : estimator, optional
        random_seed : int, optional
            Passed to the default segmentation.

        Returns
        -------
        ImageExplanation
        """
        return self._prepare(  # type: ignore[return-value]
            image=image,
            classifier_fn=classifier_fn,
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            distance_metric=distance_metric,
            model_regressor=model_regressor,
            batch_size=batch_size,
            hide_color=hide_color,
            segmentation_fn=segmentation_fn,
            random_seed=random_seed,
        ).explain()

    def _prepare(
        self,
        image: Any,
        classifier_fn: Callable[[Any], Any],
        labels: Sequence[int] = (1,),
        top_labels: int | None = 5,
        num_features: int = 100000,
        num_samples: int = 1000,
        distance_metric: Any = "cosine",
        model_regressor: Any = None,
        batch_size: int | None = 10,
        hide_color: Any = None,
        segmentation_fn: Callable[[Any], Any] | None = None,
        random_seed: int | None = None,
        *,
        grow: bool = True,
    ) -> Prepared:
        """Check ``explain_instance``'s arguments and draw block 0 (``grow``: ask the model)."""
        where = f"{self._where}.explain_instance"
        num_features, num_samples, top_labels, batch_size = check_common(
            where,
            num_features=num_features,
            num_samples=num_samples,
            top_labels=top_labels,
            batch_size=batch_size,
            labels=labels,
            model_regressor=model_regressor,
        )
        sampler = self.sampler(
            image,
            hide_color=hide_color,
            segmentation_fn=segmentation_fn,
            distance_metric=distance_metric,
            random_seed=random_seed,
        )
        caller = ModelCaller(
            classifier_fn,
            mode="classification",
            batch_size=batch_size,
            where=where,
            param="classifier_fn",
        )
        pool = collect(sampler, caller, num_samples, self.random_state, self._seed, grow=grow)

        def make_explanation() -> Explanation:
            return ImageExplanation(sampler.image, sampler.segments, class_names=self.class_names)

        settings = FitSettings(
            self.kernel_width, num_features, self.feature_selection, self.kernel_fn, model_regressor
        )
        return Prepared(pool, settings, labels, top_labels, make_explanation, where)
