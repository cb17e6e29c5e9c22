"""Explanations as the plain dicts the front end draws (no widget imports).

Every string here (feature, class and category names, tokens, errors) is data:
the front end sets it as text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..engine import _stability as st
from ._badge import badge_words, negligible_weights, output_scale

if TYPE_CHECKING:  # annotations only: the payload is drawn from any explanation
    from ._explanation import Explanation

__all__ = ["diagnostics_dict", "explanation_dict", "meta_dict", "trust_dict"]


def explanation_dict(exp: Explanation, label: int) -> dict[str, Any]:
    """One label of ``exp``: features (sorted by |weight|), intercept and fidelity."""
    key = exp.dummy_label if exp.mode == "regression" else label
    pairs = exp.local_exp[key]
    mapper = exp.domain_mapper
    names = mapper.shown_names(pairs)
    values = mapper.shown_values([fid for fid, _ in pairs])
    features = [
        {"id": int(fid), "name": name, "value": value, "weight": float(weight)}
        for (fid, weight), name, value in zip(pairs, names, values, strict=True)
    ]
    neighbourhood = exp.neighbourhood
    model_pred = float(neighbourhood.outputs[0, label]) if neighbourhood is not None else 0.0
    return {
        "label": int(label),
        "intercept": _finite(exp.intercept[key]),
        "score": _finite(exp.score[key]),
        "local_pred": _finite(np.ravel(exp.local_pred[key])[0]),
        "model_pred": _finite(model_pred),
        "n_samples": neighbourhood.num_samples if neighbourhood is not None else 0,
        "features": features,
    }


def diagnostics_dict(
    exp: Explanation, label: int, params: dict[str, Any], widths: Any = None
) -> dict[str, Any]:
    """How far to trust ``exp`` for ``label``: bootstrap, kernel-width sweep, sample size.

    ``widths`` is the sweep's grid (default: around the current width).
    """
    key = exp.dummy_label if exp.mode == "regression" else label
    shown = {f for f, _ in exp.local_exp[key]}
    names = _feature_names(exp)
    unc = exp.uncertainty(label)
    sweep = exp.kernel_width_sweep(label, widths)
    neighbourhood = exp.neighbourhood
    if neighbourhood is None:  # pragma: no cover - fitted explanations have one
        msg = "diagnostics need a fitted explanation"
        raise ValueError(msg)
    n = neighbourhood.num_samples
    ess = exp.effective_sample_size
    return {
        "label": int(label),
        "params": params,
        **trust_dict(exp, label),
        "intervals": [
            {"id": int(f), "low": lo, "high": hi} for f, (lo, hi) in unc.intervals.items()
        ],
        "top_k_frequency": [
            {"id": int(f), "name": names[f], "frequency": freq}
            for f, freq in sorted(unc.top_k_frequency.items(), key=lambda kv: -kv[1])
            if f in shown or freq >= 0.05
        ],
        "out_of_sample_r2": _finite(unc.out_of_sample_r2),
        "local_gap": _finite(exp.local_gap[0 if exp.mode == "regression" else label]),
        "ess": float(ess),
        "ess_fraction": float(ess / n) if n else 0.0,
        "sweep": {
            "widths": [float(w) for w in sweep.widths],
            "score": [_finite(v) for v in sweep.score],
            "ess": [float(v) for v in sweep.effective_sample_size],
            "features": [
                {"id": int(f), "name": names[f], "weights": [float(v) for v in col]}
                for f, col in zip(sweep.features, sweep.weights.T, strict=True)
            ],
        },
    }


def trust_dict(exp: Explanation, label: int) -> dict[str, Any]:
    """What the stability badge says, and what from (the single view's and a gallery card's).

    The bootstrap stability (``exp.uncertainty(label)``: cached, 50 refits) and its
    words, the effective-sample warning, S-LIME's K-th / (K+1)-th separation test and
    ``badge_words``: the badge's word (``_badge.badge_words``), which the page shows.
    """
    settings, neighbourhood = exp.settings, exp.neighbourhood
    if settings is None or neighbourhood is None:
        msg = "the stability of an explanation needs its samples (restore() gives them back)"
        raise ValueError(msg)
    unc = exp.uncertainty(label)
    settled, z = st.top_k_gap_settled(
        neighbourhood,
        0 if exp.mode == "regression" else label,
        kernel_width=settings.kernel_width,
        num_features=settings.num_features,
        feature_selection=settings.feature_selection,
        kernel_fn=settings.kernel_fn,
    )
    # with every feature in ("none") there is no K-th / (K+1)-th gap to test
    tested = settings.feature_selection != "none"
    words = st.stability_words(unc.stability)
    warning = exp.sample_size_warning
    return {
        "stability": _finite(unc.stability),
        "stability_words": words,
        "badge_words": badge_words(
            words,
            no_signal=_no_signal(exp, label),
            ess_warning=warning,
            settled=bool(settled) if tested else None,
            feature_selection=settings.feature_selection,
        ),
        "n_boot": unc.n_boot,
        "ess_warning": warning,
        "settled": bool(settled) if tested else None,
        "z": _finite(min(z, 1e6)) if tested else None,
    }


def _no_signal(exp: Explanation, label: int) -> bool:
    """Every weight ``label``'s explanation shows is negligible, as the page measures it.

    The same numbers the page reads (``explanation_dict``, ``meta_dict``'s first output).
    """
    key = exp.dummy_label if exp.mode == "regression" else label
    outputs = exp.neighbourhood.outputs[0] if exp.neighbourhood is not None else np.zeros(1)
    column = 0 if exp.mode == "regression" else label
    scale = output_scale(
        exp.mode,
        [
            _finite(outputs[column]),
            _finite(exp.intercept[key]),
            _finite(np.ravel(exp.local_pred[key])[0]),
            _finite(outputs[0]),
        ],
    )
    return negligible_weights((float(w) for _, w in exp.local_exp[key]), scale)


def _feature_names(exp: Explanation) -> list[str]:
    """A readable name per interpretable feature, as the domain names it."""
    d = exp.neighbourhood.design.shape[1] if exp.neighbourhood is not None else 0
    return exp.domain_mapper.interpretable_names(d)


def _finite(value: Any) -> float | None:
    """JSON has no NaN: a non-finite number is sent as null (the page shows "n/a")."""
    number = float(value)
    return number if np.isfinite(number) else None


def meta_dict(
    exp: Explanation,
    *,
    kernel_width_default: float,
    samples_min: int,
    samples_max: int,
    samples_step: int,
) -> dict[str, Any]:
    """What the front end needs once: kind, classes, names, ranges and the instance."""
    neighbourhood = exp.neighbourhood
    outputs0 = neighbourhood.outputs[0] if neighbourhood is not None else np.zeros(1)
    d = neighbourhood.design.shape[1] if neighbourhood is not None else 0
    mapper = exp.domain_mapper
    names = _feature_names(exp)
    meta: dict[str, Any] = {
        "kind": mapper.kind,
        "mode": exp.mode,
        "class_names": _class_names(exp, len(outputs0)),
        "predict_proba": [float(v) for v in outputs0],
        "n_features": int(d),
        "feature_names": names,
        "kernel_width_default": float(kernel_width_default),
        "kernel_width_min": float(kernel_width_default) / 20,
        "kernel_width_max": float(kernel_width_default) * 20,
        "samples_min": int(samples_min),
        "samples_max": int(samples_max),
        "samples_step": int(samples_step),
    }
    meta.update(mapper.view())  # the domain's own view of the instance
    return meta


def _class_names(exp: Explanation, n_outputs: int) -> list[str]:
    if exp.mode == "regression":
        return ["value"]
    names = list(exp.class_names or [])
    if len(names) != n_outputs:
        names = [str(i) for i in range(n_outputs)]
    return [str(n) for n in names]
