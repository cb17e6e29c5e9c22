"""Explanations as tidy pandas DataFrames: one row per (label, feature). pandas is optional.

Served by :meth:`Explanation.as_frame` and :meth:`BatchExplanations.to_frame`;
pandas is imported when a frame is asked for, never by ``import lime_widget``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from ._static import model_outputs, output_name

if TYPE_CHECKING:  # annotations only
    import pandas as pd

    from ._assess import AssessedFits

__all__ = ["COLUMNS", "batch_frame", "explanation_frame"]

#: the columns of a frame, in order (a batch's frame starts with ``row``)
COLUMNS = (
    "label",
    "class_name",
    "feature_id",
    "feature",
    "value",
    "weight",
    "rank",
    "interval_low",
    "interval_high",
    "top_k_share",
    "intercept",
    "score",
    "local_pred",
    "model_pred",
)
NO_SAMPLES = (
    "{count} had no samples (a light explain_many result), so their interval_low, "
    "interval_high and top_k_share are NaN: restore() them first, or explain with "
    "keep_neighbourhood=True."
)


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = "DataFrames need pandas: pip install 'lime-widget[pandas]'"
        raise ImportError(msg) from exc
    return pd


def _labels(exp: AssessedFits) -> list[int]:
    """Explained labels in the order views list them (regression: the one output, 0)."""
    if exp.mode == "regression":
        return [0]
    return exp.available_labels()


def records(exp: AssessedFits, intervals: bool) -> tuple[list[dict[str, Any]], bool]:
    """The rows of ``exp``'s frame, and whether intervals were asked for but had no samples."""
    nan = math.nan
    with_intervals = intervals and exp.neighbourhood is not None
    outputs = model_outputs(exp)
    rows: list[dict[str, Any]] = []
    for label in _labels(exp):
        key = exp.dummy_label if exp.mode == "regression" else label
        pairs = exp.local_exp[key]
        names = [name for name, _ in exp.as_list(label=key)]
        values = exp.domain_mapper.shown_values([fid for fid, _ in pairs])
        unc = exp.uncertainty(label) if with_intervals else None
        scalars = {
            "intercept": float(exp.intercept[key]),
            "score": float(exp.score[key]),
            "local_pred": float(np.ravel(exp.local_pred[key])[0]),
            "model_pred": outputs[min(label, len(outputs) - 1)] if outputs else nan,
        }
        for rank, ((fid, weight), name, value) in enumerate(
            zip(pairs, names, values, strict=True), start=1
        ):
            low, high = unc.intervals.get(fid, (nan, nan)) if unc is not None else (nan, nan)
            rows.append(
                {
                    "label": int(label),
                    "class_name": output_name(exp, label),
                    "feature_id": int(fid),
                    "feature": name,
                    "value": value,
                    "weight": float(weight),
                    "rank": rank,
                    "interval_low": float(low),
                    "interval_high": float(high),
                    "top_k_share": float(unc.top_k_frequency.get(fid, 0.0)) if unc else nan,
                    **scalars,
                }
            )
    return rows, intervals and not with_intervals


def _frame(rows: list[dict[str, Any]], columns: Iterable[str]) -> pd.DataFrame:
    frame: pd.DataFrame = _pandas().DataFrame(rows, columns=list(columns))
    return frame


def _attrs(exp: AssessedFits) -> dict[str, Any]:
    settings = exp.settings
    attrs: dict[str, Any] = {"mode": exp.mode}
    if settings is not None:
        attrs.update(
            kernel_width=settings.kernel_width,
            num_features=settings.num_features,
            feature_selection=settings.feature_selection,
        )
    if exp.neighbourhood is not None:
        attrs["num_samples"] = exp.neighbourhood.num_samples
    return attrs


def _warn(count: str) -> None:
    warnings.warn(NO_SAMPLES.format(count=count), UserWarning, stacklevel=4)


def explanation_frame(exp: AssessedFits, *, intervals: bool = True) -> pd.DataFrame:
    """One explanation's frame (see :meth:`Explanation.as_frame`)."""
    rows, missing = records(exp, intervals)
    if missing:
        _warn("This explanation")
    frame = _frame(rows, COLUMNS)
    frame.attrs.update(_attrs(exp))
    return frame


def batch_frame(
    explanations: Iterable[tuple[int, AssessedFits]], *, intervals: bool = False
) -> pd.DataFrame:
    """A batch's frame: each explanation's rows with its ``row`` first."""
    rows: list[dict[str, Any]] = []
    light = 0
    attrs: dict[str, Any] = {}
    for row, exp in explanations:
        found, missing = records(exp, intervals)
        light += missing
        rows.extend({"row": int(row), **r} for r in found)
        attrs = attrs or _attrs(exp)
    if light:
        _warn(f"{light} of the explanations")
    frame = _frame(rows, ("row", *COLUMNS))
    attrs.pop("num_samples", None)  # rows may differ
    frame.attrs.update(attrs)
    return frame
