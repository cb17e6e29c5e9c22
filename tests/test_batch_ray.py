"""explain_many and SubmodularPick on a local Ray instance, as on a Dask LocalCluster.

Ray's joblib backend supports no result generators, so explain_many runs its chunks in
waves; the results must still equal the in-process ``per_row_seeds=True`` run bit for bit,
and arrive (``on_result``, partial results) as the run goes.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier

import lime_widget as lw
from lime_widget.explainers import _batch

ray = pytest.importorskip("ray")
try:  # the pickler explain_many sends the model with (joblib's own copy before joblib 1.5)
    import cloudpickle
except ImportError:  # pragma: no cover - depends on the joblib version
    from joblib.externals import cloudpickle

pytestmark = pytest.mark.ray

N_SAMPLES = 400
KWARGS: dict[str, Any] = {
    "num_samples": N_SAMPLES,
    "top_labels": 1,
    "chunk_size": 2,
    "progress": False,
}


#: Ray's raylet gives its dashboard agent a fixed 15 s to report its ports (ray#65983); on a
#: busy machine the agent's imports can take longer the first time, so the start is retried
STARTS = 3


@pytest.fixture(scope="module")
def ray_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A local Ray instance of two CPUs, offline: no dashboard, no usage report, loopback only."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RAY_USAGE_STATS_ENABLED", "0")  # no usage report over the network
        env.delenv("RAY_ADDRESS", raising=False)  # never join a cluster from the environment
        for attempt in range(STARTS):
            try:
                ray.init(
                    address="local",
                    num_cpus=2,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                    _node_ip_address="127.0.0.1",
                    _temp_dir=str(tmp_path_factory.mktemp("ray")),
                )
                break
            except Exception:
                ray.shutdown()
                if attempt == STARTS - 1:
                    raise
        try:
            from ray.util.joblib import register_ray

            register_ray()
            yield
        finally:
            ray.shutdown()


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, RandomForestClassifier(n_estimators=15, random_state=0).fit(X, y)


def numbers(exp: Any) -> dict[str, Any]:
    """Everything an explanation reports."""
    return {
        "local_exp": exp.local_exp,
        "intercept": exp.intercept,
        "score": exp.score,
        "local_pred": {k: v.tolist() for k, v in exp.local_pred.items()},
        "top_labels": exp.top_labels,
    }


def test_explain_many_on_ray_equals_serial_per_row_seeds(ray_backend: None, cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=7)
    serial = explainer.explain_many(X[:10], model.predict_proba, per_row_seeds=True, **KWARGS)
    seen: list[int] = []
    with joblib.parallel_config(backend="ray", n_jobs=2):
        assert _batch._return_as(None) == "list"  # Ray has no result generator...
        with pytest.raises(ValueError, match="does not support return_as=generator"):
            joblib.Parallel(return_as="generator")(joblib.delayed(abs)(1) for _ in "x")
        on_ray = explainer.explain_many(
            X[:10], model.predict_proba, on_result=lambda i, e: seen.append(i), **KWARGS
        )
    assert [numbers(a) for a in serial] == [numbers(b) for b in on_ray]
    assert seen == list(range(10))  # ... so the chunks come back in waves, in row order
    # the workers sent back light explanations; the parent re-derives a row for a live view
    assert on_ray[3].neighbourhood is None
    assert numbers(on_ray[3].refit(kernel_width=3.0)) == numbers(serial[3].refit(kernel_width=3.0))


@contextlib.contextmanager
def sent_by_value() -> Iterator[None]:
    """The workers cannot import this test module: its classes travel by value."""
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        yield
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


class CountsCalls:
    """The model, writing a line to ``log`` per call (the calls happen in Ray's workers)."""

    def __init__(self, model: Any, log: Path) -> None:
        self.model = model
        self.log = log

    def __call__(self, x: np.ndarray) -> np.ndarray:
        with self.log.open("a") as f:
            f.write(f"{len(x)}\n")
        return self.model.predict_proba(x)


def calls(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_results_arrive_wave_by_wave_and_an_interrupt_stops_the_run(
    ray_backend: None, cancer: Any, tmp_path: Path
) -> None:
    X, model = cancer
    log = tmp_path / "calls.txt"
    explainer = lw.LimeTabularExplainer(X, random_state=7)
    seen: list[tuple[int, int]] = []

    def stop_after_two(index: int, exp: Any) -> None:
        seen.append((index, calls(log)))
        if len(seen) == 2:
            raise KeyboardInterrupt

    with (
        sent_by_value(),
        joblib.parallel_config(backend="ray", n_jobs=2),
        pytest.raises(KeyboardInterrupt) as info,
    ):
        explainer.explain_many(X[:40], CountsCalls(model, log), on_result=stop_after_two, **KWARGS)
    wave = _batch.WAVE * 2  # chunks per wave: one model call each
    # the first rows arrived after the first wave's chunks, before the other 16 chunks ran ...
    assert seen == [(0, wave), (1, wave)]
    # ... and the interrupt stopped the run there
    assert calls(log) == wave
    partial = info.value.partial_results  # type: ignore[attr-defined]
    assert partial.indices == [0, 1]
    serial = explainer.explain_many(X[:2], model.predict_proba, per_row_seeds=True, **KWARGS)
    assert [numbers(a) for a in partial] == [numbers(b) for b in serial]


class FailsOnMarkedRow:
    """A model that fails on the samples of the row whose first feature is 1e6."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if (x[:, 0] == 1e6).any():
            raise RuntimeError("the model failed")
        return self.model.predict_proba(x)


def test_a_failing_row_on_ray_keeps_the_rows_before_it(ray_backend: None, cancer: Any) -> None:
    X, model = cancer
    rows = X[:8].copy()
    rows[4, 0] = 1e6  # the 5th row; its chunk (rows 3-5) shares one model call
    with (
        sent_by_value(),
        joblib.parallel_config(backend="ray", n_jobs=2),
        pytest.raises(RuntimeError, match="the model failed") as info,
    ):
        lw.LimeTabularExplainer(X, random_state=0).explain_many(
            rows, FailsOnMarkedRow(model), num_samples=N_SAMPLES, chunk_size=3
        )
    partial = info.value.partial_results  # type: ignore[attr-defined]
    assert 3 in partial.indices  # finished in the failing chunk, sent back with the error
    assert {4, 5} <= set(partial.missing)


def test_submodular_pick_on_ray_equals_serial_per_row_seeds(ray_backend: None, cancer: Any) -> None:
    X, model = cancer
    kwargs: dict[str, Any] = {
        "method": "full",
        "num_exps_desired": 3,
        "num_features": 4,
        "num_samples": N_SAMPLES,
    }
    serial = lw.SubmodularPick(
        lw.LimeTabularExplainer(X, random_state=3),
        X[:12],
        model.predict_proba,
        per_row_seeds=True,
        **kwargs,
    )
    with joblib.parallel_config(backend="ray", n_jobs=2):
        on_ray = lw.SubmodularPick(
            lw.LimeTabularExplainer(X, random_state=3), X[:12], model.predict_proba, **kwargs
        )
    assert on_ray.V == serial.V
    np.testing.assert_array_equal(on_ray.W, serial.W)
    assert on_ray.feature_names == serial.feature_names
    assert [numbers(a) for a in on_ray.explanations] == [numbers(b) for b in serial.explanations]
    assert [numbers(a) for a in on_ray.sp_explanations] == [
        numbers(b) for b in serial.sp_explanations
    ]
