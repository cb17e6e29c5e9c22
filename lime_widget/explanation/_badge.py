"""The stability badge's word: what the page shows, decided in the kernel.

The bootstrap figure's words (``stability_words``: stable, mostly stable, shaky,
unstable) are not what a reader sees. The badge says "unreliable" when the
figure says nothing — every weight is negligible (no signal at this kernel
width) or too few effective samples carry the fit — and holds "stable" at
"mostly stable" while the K-th and (K+1)-th features are not separated. The
payload sends this word (``badge_words``) so that ``w.state``, a saved page and
a gallery card say what the badge says; the front end shows it as sent.

The front end keeps the same rule for the states no kernel assessed (a saved
page's other settings): ``js/views/stability.ts`` ``trustWords`` with
``js/view-model/trust.ts`` ``signalOf``. ``tests/badge_cases.json`` holds the
cases both are tested on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["NEGLIGIBLE_SHARE", "UNRELIABLE", "badge_words", "negligible_weights", "output_scale"]

#: below this share of the output's scale no weight counts (js/view-model/trust.ts)
NEGLIGIBLE_SHARE = 1e-3
#: the badge's word when the bootstrap figure cannot be trusted (js/views/stability.ts)
UNRELIABLE = "unreliable"


def output_scale(mode: str, outputs: Iterable[float | None]) -> float:
    """The scale a weight is measured against: 1 for probabilities.

    In regression, the largest finite ``|v|`` among ``outputs`` (the model's
    prediction, the surrogate's intercept and its prediction at the instance);
    0 when none is known.

    Examples
    --------
    >>> output_scale("classification", [3e-14])
    1.0
    >>> output_scale("regression", [152.0, -160.5, None, float("nan")])
    160.5
    >>> output_scale("regression", [])
    0.0
    """
    if mode == "classification":
        return 1.0
    finite = [abs(float(v)) for v in outputs if v is not None and math.isfinite(v)]
    return max(finite, default=0.0)


def negligible_weights(weights: Iterable[float], scale: float) -> bool:
    """Whether every shown weight is negligible (below ``NEGLIGIBLE_SHARE * scale``).

    False for no weights, and for a non-finite one (as the page reads them).

    Examples
    --------
    >>> negligible_weights([1e-19, -2e-19], 1.0)
    True
    >>> negligible_weights([1e-19, 1e-3], 1.0)
    False
    >>> negligible_weights([], 1.0)
    False
    """
    negligible = NEGLIGIBLE_SHARE * scale
    values = [abs(float(w)) for w in weights]
    return len(values) > 0 and all(v < negligible for v in values)


def badge_words(
    stability_words: str,
    *,
    no_signal: bool,
    ess_warning: str | None,
    settled: bool | None,
    feature_selection: str,
) -> str:
    """The badge's word for a fit the kernel assessed.

    In order: no signal, or too few effective samples: "unreliable" (bootstrap
    refits of a handful of samples agree with one another); otherwise the
    figure's words, with "stable" held at "mostly stable" while S-LIME's test
    finds the K-th and (K+1)-th features not separated (``settled`` False; not
    tested under ``feature_selection="none"``, where every feature is shown).

    Examples
    --------
    >>> badge_words("stable", no_signal=False, ess_warning=None, settled=False,
    ...             feature_selection="auto")
    'mostly stable'
    >>> badge_words("stable", no_signal=False, ess_warning="Only 3 effective samples",
    ...             settled=True, feature_selection="auto")
    'unreliable'
    >>> badge_words("stable", no_signal=False, ess_warning=None, settled=False,
    ...             feature_selection="none")
    'stable'
    """
    if no_signal or ess_warning is not None:
        return UNRELIABLE
    if feature_selection == "none":
        settled = None
    if stability_words == "stable" and settled is False:
        return "mostly stable"
    return stability_words
