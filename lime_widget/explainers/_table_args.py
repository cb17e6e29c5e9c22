"""``LimeTabularExplainer``'s constructor arguments: names, categories and training statistics.

Checked before any of them is used, with what lime accepts still accepted
(an array of names, ``categorical_names`` keyed by int, a string's characters
as names). Keys and indices may also be column names where the columns have
names (a DataFrame's, or ``feature_names``): lime would silently ignore them.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..engine._validation import InvalidParameterError
from ._checks import check_names

__all__ = ["STATS_KEYS", "check_table_args", "check_training_data_stats"]

STATS_KEYS = ("means", "mins", "maxs", "stds", "feature_values", "feature_frequencies")


def check_table_args(
    where: str,
    training_data: Any,
    *,
    feature_names: Any,
    categorical_features: Any,
    categorical_names: Any,
    class_names: Any,
) -> tuple[list[Any] | None, list[int] | None, dict[int, list[Any]] | None, list[Any] | None]:
    """The names and categorical columns as lists, ``categorical_names`` keyed by column index."""
    feature_names = check_names(feature_names, "feature_names", where)
    class_names = check_names(class_names, "class_names", where)
    columns = feature_names
    if columns is None and hasattr(training_data, "columns"):
        columns = [str(c) for c in training_data.columns]
    features = None
    if categorical_features is not None:
        items = _items(categorical_features)
        if items is None:
            msg = (
                f"The 'categorical_features' parameter of {where} must be a list of column "
                f"indices, e.g. [0, 3]. Got {categorical_features!r} of type "
                f"{type(categorical_features).__name__} instead."
            )
            raise InvalidParameterError(msg)
        features = [_column(f, "categorical_features", columns, where) for f in items]
    names = None
    if categorical_names is not None:
        if not isinstance(categorical_names, Mapping):
            msg = (
                f"The 'categorical_names' parameter of {where} must be a dict from column index "
                f"to the names of its codes, e.g. {{2: ['red', 'green']}}. Got "
                f"{type(categorical_names).__name__} instead."
            )
            raise InvalidParameterError(msg)
        names = {}
        for key, value in categorical_names.items():
            values = _items(value)
            if values is None and isinstance(value, str):
                values = list(value)  # lime indexes a string's characters
            if values is None:
                msg = (
                    f"The 'categorical_names' parameter of {where} must map each column to a "
                    f"list of names, one per code. Got {value!r} for key {key!r}."
                )
                raise InvalidParameterError(msg)
            names[_column(key, "categorical_names", columns, where)] = values
    return feature_names, features, names, class_names


def _items(value: Any) -> list[Any] | None:
    """The elements of a list-like ``value`` (not a str, bytes or dict); None otherwise."""
    if value is None or isinstance(value, (str, bytes, Mapping)):
        return None
    try:
        return list(value)
    except TypeError:
        return None


def _column(key: Any, name: str, columns: Sequence[str] | None, where: str) -> int:
    """A column index from an int (or an integral float, as lime's dict lookup takes it)."""
    if isinstance(key, numbers.Integral) and not isinstance(key, bool):
        return int(key)
    if isinstance(key, numbers.Real) and not isinstance(key, bool) and float(key).is_integer():
        return int(float(key))
    if isinstance(key, str) and columns is not None and key in columns:
        if list(columns).count(key) > 1:
            msg = (
                f"The {name!r} parameter of {where} names column {key!r}, but several columns "
                "have that name. Use the column index."
            )
            raise InvalidParameterError(msg)
        return list(columns).index(key)
    known = "" if columns is None else f" or one of the column names {list(columns)!r}"
    msg = (
        f"The {name!r} parameter of {where} must refer to columns by index (an int){known}. "
        f"Got {key!r}."
    )
    raise InvalidParameterError(msg)


def check_training_data_stats(
    stats: Any, n_cols: int, categorical: Sequence[int] | None, discretize: bool, where: str
) -> None:
    """Check ``training_data_stats`` against the data, as far as lime reads it.

    Every feature it samples needs ``feature_values`` and ``feature_frequencies`` of
    equal length (frequencies >= 0, not all 0); with ``discretize_continuous``, every
    feature in ``means`` needs ``mins``, ``maxs``, ``means`` and ``stds`` of one length
    (stds > 0), ``bins`` is given for every continuous feature or for none, and the
    values drawn for a binned feature are bin indices.
    """
    if not stats:  # lime: falsy stats are no stats
        return
    name = "The 'training_data_stats' parameter of " + where
    if not isinstance(stats, Mapping):
        msg = f"{name} must be a dict with the keys {list(STATS_KEYS)}. Got {type(stats).__name__}."
        raise InvalidParameterError(msg)
    missing = sorted(set(STATS_KEYS) - set(stats))
    if missing:
        msg = f"{name} must have the keys {list(STATS_KEYS)}. Missing: {missing}."
        raise InvalidParameterError(msg)
    categorical = [f for f in categorical or [] if 0 <= f < n_cols]
    sampled = list(range(n_cols)) if discretize else categorical
    bin_sizes: dict[int, int] = {}  # feature -> entries of its per-bin statistics
    if discretize:
        needed = _check_bins(stats, [f for f in range(n_cols) if f not in categorical], name)
        bin_sizes = _check_bin_stats(stats, n_cols, name)
        for f, need in needed.items():
            if bin_sizes.get(f, 0) < need:
                msg = (
                    f"{name} must give mins, maxs, means and stds with one entry per bin for "
                    f"binned feature {f}: {need} entries. Got {bin_sizes.get(f, 0)}."
                )
                raise InvalidParameterError(msg)
    for f in sampled:
        values = _vector(stats["feature_values"], f, "feature_values", name)
        freqs = _vector(stats["feature_frequencies"], f, "feature_frequencies", name)
        if values.shape != freqs.shape:
            msg = (
                f"{name} must give feature_values and feature_frequencies of the same length for "
                f"each feature. Feature {f} has {values.size} values and {freqs.size} frequencies."
            )
            raise InvalidParameterError(msg)
        if (freqs < 0).any() or freqs.sum() <= 0:
            msg = (
                f"{name} must give feature_frequencies >= 0, not all 0. Feature {f} has "
                f"{freqs.tolist()}."
            )
            raise InvalidParameterError(msg)
        size = bin_sizes.get(f)  # its drawn values index its per-bin statistics
        if size is not None and not np.isin(values, np.arange(size)).all():
            msg = (
                f"{name} must give bin indices in [0, {size - 1}] as the feature_values of "
                f"feature {f} (its means/stds have {size} entries). Got {values.tolist()}."
            )
            raise InvalidParameterError(msg)


def _vector(table: Any, f: int, key: str, name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    """``table[f]`` as a non-empty 1-d finite float array."""
    try:
        raw = table[f]
    except (KeyError, IndexError, TypeError):
        msg = f"{name} must have an entry for feature {f} in {key!r}. It has none."
        raise InvalidParameterError(msg) from None
    try:
        arr = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        arr = np.full(1, np.nan)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        msg = f"{name} must give a non-empty list of finite numbers as {key}[{f}]. Got {raw!r}."
        raise InvalidParameterError(msg)
    return arr


def _check_bins(stats: Mapping[str, Any], continuous: list[int], name: str) -> dict[int, int]:
    """Each continuous feature's bin count + 1 from ``bins`` (all of them or none)."""
    bins = stats.get("bins")
    if bins is None:
        return {}
    if not isinstance(bins, Mapping):
        msg = f"{name} must give 'bins' as a dict from feature to bin edges. Got {bins!r}."
        raise InvalidParameterError(msg)
    missing = [f for f in continuous if bins.get(f) is None]
    if missing:
        msg = (
            f"{name} must give 'bins' for every continuous feature or for none (lime would pair "
            f"the edges with the wrong features). Missing: {missing}."
        )
        raise InvalidParameterError(msg)
    return {f: int(np.unique(_vector(bins, f, "bins", name)).size) + 1 for f in continuous}


def _check_bin_stats(stats: Mapping[str, Any], n_cols: int, name: str) -> dict[int, int]:
    """Every feature in ``means``: one mins/maxs/means/stds entry per bin; its bin count."""
    means = stats["means"]
    if not isinstance(means, Mapping):
        msg = f"{name} must give 'means' as a dict from feature to per-bin means. Got {means!r}."
        raise InvalidParameterError(msg)
    sizes = {}
    for f in means:
        if isinstance(f, bool) or not isinstance(f, numbers.Integral) or not 0 <= int(f) < n_cols:
            msg = f"{name} must key 'means' by column index in [0, {n_cols - 1}]. Got {f!r}."
            raise InvalidParameterError(msg)
        arrays = {k: _vector(stats[k], int(f), k, name) for k in ("mins", "maxs", "means", "stds")}
        lengths = {k: a.size for k, a in arrays.items()}
        if len(set(lengths.values())) != 1:
            msg = f"{name} must give mins, maxs, means and stds of one length (one per bin). "
            msg += f"Feature {f} has {lengths}."
            raise InvalidParameterError(msg)
        if (arrays["stds"] <= 0).any():
            msg = f"{name} must give stds > 0. Feature {f} has {arrays['stds'].tolist()}."
            raise InvalidParameterError(msg)
        sizes[int(f)] = lengths["means"]
    return sizes
