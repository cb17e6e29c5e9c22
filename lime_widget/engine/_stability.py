"""How stable and how faithful an explanation is, from its cached samples alone.

Everything here reuses the neighbourhood the explanation was fit on: no model call.

- A bootstrap over the cached rows refits the surrogate ``n_boot`` times; the
  spread of each weight gives an interval, the share of refits that keep a
  feature in the top K its *top-K frequency*, and the mean pairwise Jaccard of
  the refits' top-K sets the *stability* figure (the bootstrap stands in for
  re-running LIME with other seeds; see reference/research.md §2).
- The rows a resample leaves out score its fit out of sample.
- A kernel-width sweep refits on a log grid of widths: weights and R² per width.
- The effective sample size ``(Σw)² / Σw²`` says how many rows really carry the fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ._fit_many import fit_many, weighted_r2_many
from ._neighbourhood import Neighbourhood, NeighbourhoodPool
from ._params import FitSettings
from ._surrogate import KernelFn, WeightedProblem, kernel_weights

__all__ = [
    "KernelSweep",
    "SampleSizeVerdict",
    "Uncertainty",
    "assess_sample_size",
    "bootstrap",
    "effective_sample_size",
    "grow_until_settled",
    "kernel_width_sweep",
    "sample_size_warning",
    "stability_words",
    "top_k_gap_settled",
]

FloatArray = npt.NDArray[np.float64]


def effective_sample_size(weights: FloatArray) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²`` of kernel weights.

    Examples
    --------
    >>> import numpy as np
    >>> effective_sample_size(np.ones(100))
    100.0
    >>> round(effective_sample_size(np.r_[1.0, np.full(99, 1e-6)]), 3)
    1.0
    """
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum())
    squares = float(w @ w)
    return total * total / squares if squares > 0 else 0.0


def sample_size_warning(ess: float, n: int, num_features: int) -> str | None:
    """Plain words when ``ess`` effective samples are too few to fit ``num_features``.

    Examples
    --------
    >>> sample_size_warning(900.0, 1000, 5) is None
    True
    >>> print(sample_size_warning(12.0, 1000, 5))  # doctest: +NORMALIZE_WHITESPACE
    Only 12 effective samples (1.2 % of 1,000) for 5 features: the explanation rests on a
    handful of samples. Widen the kernel or draw more samples.
    >>> print(sample_size_warning(92.0, 100, 10))  # doctest: +NORMALIZE_WHITESPACE
    Only 92 effective samples (92 % of 100) for 10 features: fewer than 10 per feature, too
    few to weigh them all. Use fewer features, widen the kernel or draw more samples.
    >>> print(sample_size_warning(1.0, 5000, 1))  # doctest: +NORMALIZE_WHITESPACE
    Only 1 effective sample (0.0 % of 5,000) for 1 feature: the explanation rests on a
    handful of samples. Widen the kernel or draw more samples.
    """
    if ess >= 0.05 * n and ess >= 10 * num_features:
        return None
    share = 100 * ess / max(n, 1)
    percent = f"{share:.1f}" if share < 10 else f"{share:.0f}"
    samples = "sample" if round(ess) == 1 else "samples"
    features = "feature" if num_features == 1 else "features"
    why = (
        "the explanation rests on a handful of samples. Widen the kernel or draw more samples."
        if ess < 0.05 * n
        else "fewer than 10 per feature, too few to weigh them all. Use fewer features, widen "
        "the kernel or draw more samples."
    )
    of_all = f"({percent} % of {n:,})"
    return f"Only {ess:,.0f} effective {samples} {of_all} for {num_features} {features}: {why}"


@dataclass(frozen=True)
class Uncertainty:
    """Bootstrap summary of one label's surrogate.

    Attributes
    ----------
    intervals : dict of int to (float, float)
        Per feature of the explanation, the 5th and 95th percentile of its weight.
    top_k_frequency : dict of int to float
        Per feature seen in any refit's top K, the share of refits that selected it.
    stability : float
        Mean pairwise Jaccard similarity of the refits' top-K sets, in [0, 1].
    out_of_sample_r2 : float
        Weighted R² of each refit on the rows its resample left out, averaged.
    n_boot : int
        Number of refits.
    """

    intervals: dict[int, tuple[float, float]]
    top_k_frequency: dict[int, float]
    stability: float
    out_of_sample_r2: float
    n_boot: int
    selections: list[list[int]] = field(repr=False, default_factory=list)


def resample_counts(n: int, n_boot: int, seed: int) -> FloatArray:
    """How often each of ``n`` rows is drawn in each of ``n_boot`` bootstrap resamples."""
    picks = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    picks += (np.arange(n_boot) * n)[:, None]
    return np.bincount(picks.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(np.float64)


def mean_pairwise_jaccard(selections: list[list[int]], d: int) -> float:
    """Mean Jaccard similarity over all pairs of feature sets."""
    if len(selections) < 2:
        return 1.0
    member = np.zeros((len(selections), d))
    for i, chosen in enumerate(selections):
        member[i, chosen] = 1.0
    inter = member @ member.T
    sizes = member.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        jac = np.where(union > 0, inter / union, 1.0)
    upper = np.triu_indices(len(selections), k=1)
    return float(jac[upper].mean())


def bootstrap(
    neighbourhood: Neighbourhood,
    label: int,
    *,
    kernel_width: float,
    num_features: int,
    feature_selection: str,
    kernel_fn: KernelFn | None = None,
    n_boot: int = 50,
    seed: int = 0,
) -> Uncertainty:
    """Refit one label's surrogate on ``n_boot`` resamples of the cached rows.

    Parameters
    ----------
    neighbourhood : Neighbourhood
        The cached rows, distances and model outputs.
    label : int
        Output column.
    kernel_width, num_features, feature_selection, kernel_fn
        The explanation's surrogate settings.
    n_boot : int, default=50
        Number of resamples.
    seed : int, default=0
        Seed of the resampling (not the explainer's stream).

    Returns
    -------
    Uncertainty
    """
    design, outputs = neighbourhood.design, neighbourhood.outputs
    n, d = design.shape
    weights = kernel_weights(kernel_fn, neighbourhood.distances, kernel_width)
    base = WeightedProblem(design, outputs, weights, neighbourhood.output_flags).fit(
        label, num_features, feature_selection
    )
    counts = resample_counts(n, n_boot, seed)
    y = outputs[:, label]
    fits = fit_many(
        design, y, weights * counts, num_features, feature_selection, neighbourhood.pair_products()
    )
    lo, hi = np.percentile(fits.coef, [5, 95], axis=0)
    intervals = {f: (float(lo[f]), float(hi[f])) for f, _ in base.local_exp}
    frequency = np.zeros(d)
    for chosen in fits.selected:
        frequency[chosen] += 1
    frequency /= n_boot
    left_out = weights * (counts == 0)  # each refit scored on the rows it never saw
    oob = weighted_r2_many(design, y, left_out, fits)
    oob = oob[np.isfinite(oob)]
    return Uncertainty(
        intervals=intervals,
        top_k_frequency={int(f): float(frequency[f]) for f in np.flatnonzero(frequency)},
        stability=mean_pairwise_jaccard(fits.selected, d),
        out_of_sample_r2=float(oob.mean()) if oob.size else float("nan"),
        n_boot=n_boot,
        selections=fits.selected,
    )


@dataclass(frozen=True)
class KernelSweep:
    """Surrogates refit over a grid of kernel widths.

    Attributes
    ----------
    widths : ndarray of shape (m,)
    features : list of int
        Features tracked (the top features at the explanation's own width).
    weights : ndarray of shape (m, len(features))
        Their weights at each width (0 where a width's fit did not select them).
    score : ndarray of shape (m,)
        Weighted R² at each width.
    effective_sample_size : ndarray of shape (m,)
    """

    widths: FloatArray
    features: list[int]
    weights: FloatArray
    score: FloatArray
    effective_sample_size: FloatArray


def kernel_width_sweep(
    neighbourhood: Neighbourhood,
    label: int,
    *,
    features: list[int],
    num_features: int,
    feature_selection: str,
    widths: FloatArray,
    kernel_fn: KernelFn | None = None,
) -> KernelSweep:
    """Refit at every width of ``widths`` from the cache: no model call."""
    widths = np.asarray(widths, dtype=np.float64)
    w = np.stack([kernel_weights(kernel_fn, neighbourhood.distances, float(x)) for x in widths])
    y = neighbourhood.outputs[:, label]
    fits = fit_many(
        neighbourhood.design, y, w, num_features, feature_selection, neighbourhood.pair_products()
    )
    tracked = np.asarray(features, dtype=np.intp)
    return KernelSweep(
        widths=widths,
        features=list(features),
        weights=fits.coef[:, tracked],
        score=weighted_r2_many(neighbourhood.design, y, w, fits),
        effective_sample_size=np.array([effective_sample_size(row) for row in w]),
    )


def stability_words(value: float) -> str:
    """Plain words for a stability figure."""
    if value >= 0.9:
        return "stable"
    if value >= 0.75:
        return "mostly stable"
    if value >= 0.5:
        return "shaky"
    return "unstable"


def top_k_gap_settled(
    neighbourhood: Neighbourhood,
    label: int,
    *,
    kernel_width: float,
    num_features: int,
    feature_selection: str,
    kernel_fn: KernelFn | None = None,
    n_boot: int = 30,
    alpha: float = 0.05,
    seed: int = 0,
) -> tuple[bool, float]:
    """Test, as S-LIME does, whether the K-th feature is separated from the (K+1)-th.

    Fits with ``num_features + 1`` features on bootstrap resamples and tests,
    one-sided at level ``alpha``, whether ``|w_K| - |w_{K+1}|`` (the K-th and
    (K+1)-th largest weights of the full fit) is positive. Returns
    ``(settled, z)``; ``z`` is the gap over its bootstrap standard error.
    """
    from scipy.stats import norm

    design, outputs = neighbourhood.design, neighbourhood.outputs
    n = design.shape[0]
    weights = kernel_weights(kernel_fn, neighbourhood.distances, kernel_width)
    flags = neighbourhood.output_flags
    full = WeightedProblem(design, outputs, weights, flags).fit(
        label, num_features + 1, feature_selection
    )
    if len(full.local_exp) <= num_features:
        return True, float("inf")
    selected = np.array([f for f, _ in full.local_exp], dtype=np.intp)
    counts = resample_counts(n, n_boot, seed)
    gaps = np.empty(n_boot)
    for b in range(n_boot):
        problem = WeightedProblem(design, outputs, weights * counts[b], flags)
        coef = problem.ridge_subset(label, selected)
        gaps[b] = abs(coef[num_features - 1]) - abs(coef[num_features])
    gap = abs(full.local_exp[num_features - 1][1]) - abs(full.local_exp[num_features][1])
    se = float(gaps.std(ddof=1)) if n_boot > 1 else 0.0
    z = gap / se if se > 0 else float("inf")
    return bool(z > norm.ppf(1 - alpha)), float(z)


@dataclass(frozen=True)
class SampleSizeVerdict:
    """Whether a sample is large enough for a settled top K, and what to try next.

    Attributes
    ----------
    settled : bool
        The K-th and (K+1)-th features are separated (S-LIME's test) and the
        bootstrap top-K Jaccard reaches the target.
    z : float
        The K / K+1 gap over its bootstrap standard error.
    stability : float
        Bootstrap top-K Jaccard at this size.
    next_size : int
        The size to grow to if not settled: S-LIME's estimate ``n (z_crit / z)²``,
        at least ``n + 500``, at most ``2 n`` and ``max_samples``.
    """

    settled: bool
    z: float
    stability: float
    next_size: int


def assess_sample_size(
    neighbourhood: Neighbourhood,
    label: int,
    *,
    kernel_width: float,
    num_features: int,
    feature_selection: str,
    kernel_fn: KernelFn | None = None,
    max_samples: int = 10_000,
    target: float = 0.9,
    alpha: float = 0.05,
) -> SampleSizeVerdict:
    """Decide whether to grow the sample (the "until stable" action)."""
    from scipy.stats import norm

    gap_ok, z = top_k_gap_settled(
        neighbourhood,
        label,
        kernel_width=kernel_width,
        num_features=num_features,
        feature_selection=feature_selection,
        kernel_fn=kernel_fn,
        alpha=alpha,
    )
    jaccard = bootstrap(
        neighbourhood,
        label,
        kernel_width=kernel_width,
        num_features=num_features,
        feature_selection=feature_selection,
        kernel_fn=kernel_fn,
        n_boot=30,
    ).stability
    n = neighbourhood.num_samples
    z_crit = float(norm.ppf(1 - alpha))
    wanted = n * (z_crit / z) ** 2 if 0 < z < z_crit else 1.5 * n
    next_size = int(min(max_samples, max(n + 500, min(2 * n, wanted))))
    return SampleSizeVerdict(gap_ok and jaccard >= target, z, jaccard, next_size)


def grow_until_settled(
    pool: NeighbourhoodPool,
    n: int,
    target: Callable[[], tuple[int, FitSettings]],
    grow: Callable[[int], bool],
    *,
    max_samples: int,
    alpha: float = 0.05,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    """S-LIME's loop: grow the sample, reusing every row, until the top K is settled.

    ``target()`` gives the label and settings to assess (read afresh each round:
    the live session's parameters may change meanwhile); ``grow(m)`` asks the
    model about rows up to ``m`` and returns False if it was cut short. The loop
    serves ``Explanation.until_stable`` and the live session alike.

    Returns
    -------
    int
        The sample count it stopped at (at most ``max_samples`` and ``pool.size``).
    """
    while n < max_samples and not stop():
        label, settings = target()
        verdict = assess_sample_size(
            pool.neighbourhood(n),
            label,
            kernel_width=settings.kernel_width,
            num_features=settings.num_features,
            feature_selection=settings.feature_selection,
            kernel_fn=settings.kernel_fn,
            max_samples=max_samples,
            alpha=alpha,
        )
        if verdict.settled or not grow(verdict.next_size):
            break
        n = min(verdict.next_size, pool.size)
    return min(n, pool.size)
