"""pandas DataFrames in and out of the tabular explainer.

lime wants a float matrix with integer-coded categories (lime#120, #168, #293,
#346) and hands the model a numpy array (lime#430). A ``FrameCodec`` encodes a
DataFrame once (string, category and bool columns become categorical features
named by their categories) and rebuilds DataFrames with the same columns and
dtypes for the model.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._validation import InvalidParameterError

FloatArray = npt.NDArray[np.float64]


def is_frame(obj: Any) -> bool:
    """True for a pandas DataFrame (without importing pandas)."""
    return type(obj).__module__.startswith("pandas") and hasattr(obj, "columns")


def is_series(obj: Any) -> bool:
    """True for a pandas Series (without importing pandas)."""
    return type(obj).__module__.startswith("pandas") and type(obj).__name__ == "Series"


class FrameCodec:
    """Encodes a DataFrame's rows as floats and decodes float rows back to a DataFrame.

    Parameters
    ----------
    frame : pandas.DataFrame
        The training data; its columns and dtypes are the model's input schema.
    """

    def __init__(self, frame: Any) -> None:
        import pandas as pd

        self.columns = list(frame.columns)
        duplicated = sorted(str(c) for c, n in Counter(self.columns).items() if n > 1)
        if duplicated:
            msg = (
                "The 'training_data' parameter of LimeTabularExplainer must have unique column "
                f"names; {duplicated} appear more than once. Rename or drop the duplicates."
            )
            raise InvalidParameterError(msg)
        self.dtypes = frame.dtypes.copy()
        self.categories: dict[int, list[Any]] = {}
        for i, col in enumerate(self.columns):
            series = frame[col]
            dtype = series.dtype
            if isinstance(dtype, pd.CategoricalDtype):
                self.categories[i] = list(dtype.categories)
            elif pd.api.types.is_bool_dtype(dtype):
                self.categories[i] = [False, True]
            elif not pd.api.types.is_numeric_dtype(dtype):
                values = series.dropna().unique().tolist()
                self.categories[i] = sorted(values, key=lambda v: (type(v).__name__, str(v)))

    @property
    def feature_names(self) -> list[str]:
        """Column names as strings."""
        return [str(c) for c in self.columns]

    @property
    def categorical_features(self) -> list[int]:
        """Indices of the columns encoded as categories."""
        return sorted(self.categories)

    @property
    def categorical_names(self) -> dict[int, list[str]]:
        """Category names per categorical column, indexed by code."""
        return {i: [str(v) for v in cats] for i, cats in self.categories.items()}

    def encode(self, frame: Any, name: str, where: str) -> FloatArray:
        """Float matrix of ``frame`` (category values replaced by their codes)."""
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            msg = (
                f"The {name!r} parameter of {where} must have the training columns; "
                f"missing {missing!r}."
            )
            raise InvalidParameterError(msg)
        out = np.empty((len(frame), len(self.columns)), dtype=np.float64)
        for i, col in enumerate(self.columns):
            series = frame[col]
            if i in self.categories:
                lookup = {v: k for k, v in enumerate(self.categories[i])}
                codes = [lookup.get(v, -1) for v in series.tolist()]
                unknown = [v for v, c in zip(series.tolist(), codes, strict=True) if c < 0]
                missing = [v for v in unknown if v is None or v != v]  # None or NaN
                if missing:
                    msg = (
                        f"The {name!r} parameter of {where} has a missing value ({missing[0]!r}) "
                        f"in column {col!r}. Fill in or drop missing values first."
                    )
                    raise InvalidParameterError(msg)
                if unknown:
                    msg = (
                        f"The {name!r} parameter of {where} has value {unknown[0]!r} in column "
                        f"{col!r}, which is not one of the training categories "
                        f"{self.categories[i]!r}. Explain rows whose categories the training "
                        "data contains."
                    )
                    raise InvalidParameterError(msg)
                out[:, i] = codes
            else:
                try:
                    out[:, i] = series.to_numpy(dtype=np.float64, na_value=np.nan)
                except (TypeError, ValueError) as exc:
                    msg = (
                        f"The {name!r} parameter of {where}: column {col!r} is not numeric ({exc})."
                    )
                    raise InvalidParameterError(msg) from exc
        return out

    def encode_row(self, row: Any, where: str) -> FloatArray:
        """Encode a Series or a one-row DataFrame."""
        import pandas as pd

        frame = row.to_frame().T if is_series(row) else row
        if not isinstance(frame, pd.DataFrame) or len(frame) != 1:
            msg = (
                f"The 'data_row' parameter of {where} must be one row: a Series or a one-row "
                f"DataFrame. Got {len(frame)} rows."
            )
            raise InvalidParameterError(msg)
        encoded: FloatArray = self.encode(frame, "data_row", where)[0]
        return encoded

    def decode(self, rows: FloatArray) -> Any:
        """A DataFrame with the training columns and dtypes for float rows."""
        import pandas as pd

        data: dict[Any, Any] = {}
        for i, col in enumerate(self.columns):
            dtype = self.dtypes.iloc[i]
            values = rows[:, i]
            if i in self.categories:
                cats = np.empty(len(self.categories[i]), dtype=object)
                cats[:] = self.categories[i]
                picked = cats[values.astype(int)]
                if isinstance(dtype, pd.CategoricalDtype):
                    data[col] = pd.Categorical(picked, dtype=dtype)
                else:
                    data[col] = pd.Series(picked, dtype=dtype)
            elif pd.api.types.is_integer_dtype(dtype):
                data[col] = pd.Series(np.rint(values), dtype=dtype)
            else:
                data[col] = pd.Series(values, dtype=dtype)
        return pd.DataFrame(data, columns=self.columns)
