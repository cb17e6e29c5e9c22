"""Image explanations: superpixel weights, the image, its segments and lime's mask reader."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ._explanation import Explanation
from ._fits import DomainMapper, LabelNotExplainedError
from ._static_image import rgb8

__all__ = ["ImageDomainMapper", "ImageExplanation"]


class ImageDomainMapper(DomainMapper):
    """Names superpixels ("superpixel i") and draws the image with its segments."""

    kind = "image"

    def __init__(self, image: npt.NDArray[Any], segments: npt.NDArray[Any]) -> None:
        self.image = image
        self.segments = segments

    def shown_names(self, exp: Sequence[tuple[int, float]]) -> list[str]:
        # lime's as_list keeps the bare ids; the widget says what they are ("4" reads as a class)
        return [f"superpixel {int(fid)}" for fid, _ in exp]

    def interpretable_names(self, n_features: int) -> list[str]:
        return [f"superpixel {i}" for i in range(n_features)]

    def view(self) -> dict[str, Any]:
        return {"image": image_payload(self.image, self.segments)}


def image_payload(image: npt.NDArray[Any], segments: npt.NDArray[Any]) -> dict[str, Any]:
    """The image as PNG and the segments as little-endian int32, both base64."""
    from PIL import Image

    pixels = rgb8(image)  # the static rendering draws the same pixels
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return {
        "width": int(pixels.shape[1]),
        "height": int(pixels.shape[0]),
        "png_base64": base64.b64encode(buffer.getvalue()).decode("ascii"),
        "segments_base64": base64.b64encode(segments.astype("<i4").tobytes()).decode("ascii"),
    }


class ImageExplanation(Explanation):
    """An image explanation: superpixel weights plus the image and its segments.

    Attributes
    ----------
    image : ndarray
        The explained image (RGB).
    segments : ndarray of int
        Superpixel label of each pixel, ``0..n-1``.
    """

    def __init__(
        self,
        image: npt.NDArray[Any],
        segments: npt.NDArray[np.integer[Any]],
        class_names: Sequence[str] | None = None,
    ) -> None:
        super().__init__(
            ImageDomainMapper(image, segments), mode="classification", class_names=class_names
        )
        self.image = image
        self.segments = segments

    def get_image_and_mask(
        self,
        label: int,
        positive_only: bool = True,
        negative_only: bool = False,
        hide_rest: bool = False,
        num_features: int = 5,
        min_weight: float = 0.0,
    ) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """The image with the top superpixels kept, and their mask, as lime's.

        Parameters
        ----------
        label : int
            Label to show.
        positive_only, negative_only : bool
            Keep only superpixels for (or against) the label.
        hide_rest : bool
            Black out every other pixel.
        num_features : int
            Number of superpixels.
        min_weight : float
            Ignore superpixels with a smaller ``|weight|``.

        Returns
        -------
        image : ndarray
            The image to show (use ``skimage.segmentation.mark_boundaries``).
        mask : ndarray
            1 where a superpixel supports the label, -1 where it opposes it.

        Examples
        --------
        >>> import numpy as np
        >>> from lime_widget import LimeImageExplainer
        >>> image = np.zeros((32, 32, 3)); image[:16] = 1.0
        >>> def model(images):
        ...     p = images[:, :16].mean(axis=(1, 2, 3))
        ...     return np.column_stack([1 - p, p])
        >>> segments = np.repeat(np.arange(4), 256).reshape(32, 32)  # four bands of rows
        >>> exp = LimeImageExplainer(random_state=0).explain_instance(
        ...     image, model, top_labels=1, hide_color=0, num_samples=100,
        ...     segmentation_fn=lambda im: segments)
        >>> temp, mask = exp.get_image_and_mask(1, num_features=2, hide_rest=True)
        >>> sorted(np.unique(segments[mask == 1]).tolist())  # the two bright bands
        [0, 1]
        """
        if label not in self.local_exp:
            msg = (
                f"Label not in explanation: {label!r}. Explained labels are "
                f"{sorted(self.local_exp)}."
            )
            raise LabelNotExplainedError(msg)
        if positive_only and negative_only:
            msg = (
                "Positive_only and negative_only cannot be true at the same time: "
                "pass at most one of them."
            )
            raise ValueError(msg)
        segments = self.segments
        image = self.image
        exp = self.local_exp[label]
        mask = np.zeros(segments.shape, segments.dtype)
        temp = np.zeros(self.image.shape) if hide_rest else self.image.copy()
        if positive_only or negative_only:
            if positive_only:
                fs = [x[0] for x in exp if x[1] > 0 and x[1] > min_weight][:num_features]
            else:
                fs = [x[0] for x in exp if x[1] < 0 and abs(x[1]) > min_weight][:num_features]
            for f in fs:
                temp[segments == f] = image[segments == f].copy()
                mask[segments == f] = 1
            return temp, mask
        for f, w in exp[:num_features]:
            if np.abs(w) < min_weight:
                continue
            c = 0 if w < 0 else 1
            mask[segments == f] = -1 if w < 0 else 1
            temp[segments == f] = image[segments == f].copy()
            temp[segments == f, c] = np.max(image)
        return temp, mask
