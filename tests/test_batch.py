"""explain_many: lime's numbers row after row, per-row streams in parallel, partial results."""

from __future__ import annotations

import pickle
import threading
import warnings
from typing import Any

import joblib
import lime.lime_tabular
import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

import lime_widget as lw
import lime_widget.explainers._batch_chunks
from lime_widget.explainers._batch import row_seed

N_SAMPLES = 600


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, RandomForestClassifier(n_estimators=15, random_state=0).fit(X, y)


@pytest.fixture(scope="module")
def texts() -> tuple[list[str], Any]:
    good = ["a good film", "great acting and a good plot", "good fun, really great"]
    bad = ["a bad film", "awful acting and a dull plot", "dull, really bad"]
    docs = good * 5 + bad * 5
    labels = [1] * 15 + [0] * 15
    model = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(docs, labels)
    return good + bad, model


def numbers(exp: Any) -> dict[str, Any]:
    """Everything an explanation reports."""
    return {
        "local_exp": exp.local_exp,
        "intercept": exp.intercept,
        "score": exp.score,
        "local_pred": {k: v.tolist() for k, v in exp.local_pred.items()},
        "top_labels": exp.top_labels,
    }


def assert_close(a: Any, b: Any, atol: float) -> None:
    assert sorted(a.local_exp) == sorted(b.local_exp)
    for label, pairs in a.local_exp.items():
        other = b.local_exp[label]
        assert [f for f, _ in pairs] == [f for f, _ in other], f"features differ, label {label}"
        np.testing.assert_allclose([w for _, w in pairs], [w for _, w in other], rtol=0, atol=atol)
        assert a.intercept[label] == pytest.approx(b.intercept[label], abs=atol)
    assert a.top_labels == b.top_labels


# -- in-process: lime's shared stream ---------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"top_labels": 2, "num_features": 4}, {"chunk_size": 2}, {"model_thread": False}],
)
def test_serial_equals_explain_instance_row_by_row(cancer: Any, kwargs: dict[str, Any]) -> None:
    X, model = cancer
    ours = lw.LimeTabularExplainer(X, random_state=0)
    loop = lw.LimeTabularExplainer(X, random_state=0)
    batch = ours.explain_many(X[:7], model.predict_proba, num_samples=N_SAMPLES, **kwargs)
    single = {k: v for k, v in kwargs.items() if k not in ("chunk_size", "model_thread")}
    expected = [
        loop.explain_instance(x, model.predict_proba, num_samples=N_SAMPLES, **single)
        for x in X[:7]
    ]
    assert len(batch) == 7
    assert batch.complete
    assert batch.indices == list(range(7))
    for got, exp in zip(batch, expected, strict=True):
        assert_close(got, exp, atol=1e-12)
        assert got.score == pytest.approx(exp.score, abs=1e-12)
        assert got.as_list(label=got.labels[-1]) == exp.as_list(label=exp.labels[-1])
    # the shared stream continues exactly as after the loop
    after = ours.explain_instance(X[9], model.predict_proba, num_samples=N_SAMPLES)
    assert_close(after, loop.explain_instance(X[9], model.predict_proba, num_samples=N_SAMPLES), 0)


def test_the_model_runs_in_a_helper_thread_unless_asked_not_to(cancer: Any) -> None:
    X, model = cancer
    threads: list[str] = []

    def recording(x: np.ndarray) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return model.predict_proba(x)

    seeded = lw.LimeTabularExplainer(X, random_state=0)
    seeded.explain_many(X[:4], recording, num_samples=200, chunk_size=2)
    assert len(threads) == 2
    assert all(t.startswith("lime_widget-model") for t in threads)
    threads.clear()
    seeded.explain_many(X[:4], recording, num_samples=200, chunk_size=2, model_thread=False)
    assert threads == ["MainThread"] * 2
    threads.clear()
    # numpy's global stream might be used by the model too: no thread, lime's interleaving
    lw.LimeTabularExplainer(X).explain_many(X[:4], recording, num_samples=200, chunk_size=2)
    assert threads == ["MainThread"] * 2

    # the helper thread sees the caller's settings
    def strict(x: np.ndarray) -> np.ndarray:
        assert sklearn.get_config()["assume_finite"]
        assert np.geterr()["divide"] == "raise"
        return model.predict_proba(x)

    with sklearn.config_context(assume_finite=True), np.errstate(divide="raise"):
        seeded.explain_many(X[:4], strict, num_samples=200, chunk_size=2)

    # a model that only works on the calling thread: warned once, then asked from this thread
    def main_thread_only(x: np.ndarray) -> np.ndarray:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("wrong thread")
        return model.predict_proba(x)

    kwargs = {"num_samples": 200, "chunk_size": 2}
    with pytest.warns(UserWarning, match=r"RuntimeError\('wrong thread'\).*model_thread=False"):
        got = lw.LimeTabularExplainer(X, random_state=0).explain_many(
            X[:8], main_thread_only, **kwargs
        )
    expected = lw.LimeTabularExplainer(X, random_state=0).explain_many(
        X[:8], model.predict_proba, model_thread=False, **kwargs
    )
    assert [numbers(a) for a in got] == [numbers(b) for b in expected]


def test_serial_text_equals_explain_instance_row_by_row(texts: Any) -> None:
    docs, model = texts
    ours = lw.LimeTextExplainer(random_state=1)
    loop = lw.LimeTextExplainer(random_state=1)
    batch = ours.explain_many(docs, model.predict_proba, num_samples=400, num_features=3)
    for doc, got in zip(docs, batch, strict=True):
        expected = loop.explain_instance(doc, model.predict_proba, num_samples=400, num_features=3)
        assert_close(got, expected, atol=1e-12)
        assert got.as_list() == expected.as_list()


def test_serial_equals_lime_loop(cancer: Any) -> None:
    X, model = cancer
    theirs = lime.lime_tabular.LimeTabularExplainer(X, random_state=3)
    ours = lw.LimeTabularExplainer(X, random_state=3)
    kwargs = {"num_samples": 800, "num_features": 8, "top_labels": 1}
    batch = ours.explain_many(X[20:24], model.predict_proba, **kwargs)
    for x, got in zip(X[20:24], batch, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = theirs.explain_instance(x, model.predict_proba, **kwargs)
        assert_close(got, expected, atol=1e-6)
        label = got.top_labels[0]
        assert got.score[label] == pytest.approx(expected.score, abs=1e-6)
        assert [n for n, _ in got.as_list(label)] == [n for n, _ in expected.as_list(label)]


def test_dataframe_rows_and_images(cancer: Any) -> None:
    X, model = cancer
    names = [f"f{i}" for i in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=names)
    seen: list[int] = []

    def frame_model(df: pd.DataFrame) -> np.ndarray:
        assert list(df.columns) == names
        seen.append(len(df))
        return model.predict_proba(df.to_numpy())

    ours = lw.LimeTabularExplainer(frame, random_state=0)
    loop = lw.LimeTabularExplainer(frame, random_state=0)
    batch = ours.explain_many(frame.iloc[:3], frame_model, num_samples=N_SAMPLES)
    assert seen == [3 * N_SAMPLES]  # one model call for the chunk
    for i, got in enumerate(batch):
        assert_close(
            got, loop.explain_instance(frame.iloc[i], frame_model, num_samples=N_SAMPLES), 0
        )

    images = np.zeros((3, 12, 12, 3))
    images[0, :6] = 1.0
    images[1, :, :6] = 1.0
    images[2, 6:] = 1.0
    segments = np.repeat(np.arange(4), 36).reshape(12, 12)

    def image_model(batch_: np.ndarray) -> np.ndarray:
        p = batch_[:, :6].mean(axis=(1, 2, 3))
        return np.column_stack([1 - p, p])

    kwargs = {"num_samples": 64, "top_labels": 1, "segmentation_fn": lambda im: segments}
    got = lw.LimeImageExplainer(random_state=0).explain_many(images, image_model, **kwargs)
    loop_image = lw.LimeImageExplainer(random_state=0)
    for image, exp in zip(images, got, strict=True):
        assert_close(exp, loop_image.explain_instance(image, image_model, **kwargs), 1e-12)
        exp.get_image_and_mask(exp.top_labels[0])  # needs only the image and its segments


def test_merged_model_calls_respect_batch_size_and_memory(monkeypatch: Any) -> None:
    images = np.zeros((3, 8, 8, 3))
    segments = np.repeat(np.arange(4), 16).reshape(8, 8)
    calls: list[int] = []

    def image_model(batch_: np.ndarray) -> np.ndarray:
        calls.append(len(batch_))
        return np.tile([0.4, 0.6], (len(batch_), 1))

    kwargs = {"num_samples": 50, "top_labels": 1, "segmentation_fn": lambda im: segments}
    explainer = lw.LimeImageExplainer(random_state=0)
    explainer.explain_many(images, image_model, batch_size=40, **kwargs)
    assert calls == [40, 40, 40, 30]  # 150 images in calls of at most batch_size
    calls.clear()
    explainer.explain_many(images, image_model, batch_size=None, **kwargs)
    assert calls == [150]  # small images: the three explanations in one call
    calls.clear()
    monkeypatch.setattr(
        lime_widget.explainers._batch_chunks, "MAX_CALL_BYTES", 50 * images[0].nbytes
    )
    explainer.explain_many(images, image_model, batch_size=None, **kwargs)
    assert calls == [50, 50, 50]  # never more than one explanation's images at once


# -- images: segmentation and composition overlap the model's calls ------------------------------
GRID_WEIGHTS = np.random.RandomState(0).normal(scale=0.05, size=(8 * 8 * 3, 4))


def grid_model(images: np.ndarray) -> np.ndarray:
    """Softmax of a fixed projection of a coarse pixel grid: cheap, deterministic, per image."""
    z = (np.asarray(images, dtype=float)[:, ::5, ::5, :].reshape(len(images), -1) / 255) @ (
        GRID_WEIGHTS
    )
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def photos() -> list[np.ndarray]:
    """Six 40-pixel RGB crops of scikit-image's bundled astronaut and coffee."""
    from skimage import data
    from skimage.transform import resize
    from skimage.util import img_as_ubyte

    return [
        img_as_ubyte(resize(src[k * 60 : k * 60 + 240, k * 80 : k * 80 + 240], (40, 40)))
        for src in (data.astronaut(), data.coffee())
        for k in range(3)
    ]


class RecordingQuickshift(lw.SegmentationAlgorithm):
    """lime's default quickshift, recording the thread each segmentation runs in."""

    def __init__(self) -> None:
        super().__init__("quickshift", kernel_size=4, max_dist=200, ratio=0.2)
        self.threads: list[str] = []

    def __call__(self, image: np.ndarray) -> np.ndarray:
        self.threads.append(threading.current_thread().name)
        return super().__call__(image)


class Bands:
    """The user's own segmentation (eight horizontal bands), recording its threads."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def __call__(self, image: np.ndarray) -> np.ndarray:
        self.threads.append(threading.current_thread().name)
        return np.repeat(np.arange(image.shape[0]) * 8 // image.shape[0], image.shape[1]).reshape(
            image.shape[:2]
        )


def test_images_overlapped_equal_explain_instance_row_by_row(photos: list[np.ndarray]) -> None:
    calls: dict[bool, list[tuple[str, int, float]]] = {True: [], False: []}

    def recording(overlap: bool) -> Any:
        def model(images: np.ndarray) -> np.ndarray:
            calls[overlap].append((threading.current_thread().name, len(images), images.sum()))
            return grid_model(images)

        return model

    # 90 samples in calls of 40: calls span rows within a chunk of two
    kwargs = {"top_labels": 2, "hide_color": 0, "num_samples": 90, "batch_size": 40}
    runs = {
        overlap: lw.LimeImageExplainer(random_state=0).explain_many(
            photos, recording(overlap), chunk_size=2, model_thread=overlap, **kwargs
        )
        for overlap in (True, False)
    }
    loop = lw.LimeImageExplainer(random_state=0)  # lime's quickshift, seeded from the stream
    for image, got, plain in zip(photos, runs[True], runs[False], strict=True):
        assert numbers(got) == numbers(plain)
        assert_close(got, loop.explain_instance(image, grid_model, **kwargs), atol=1e-12)
    # the same model calls, in the same order, from the model thread
    assert [c[1:] for c in calls[True]] == [c[1:] for c in calls[False]]
    assert [c[1] for c in calls[True][:5]] == [40, 40, 40, 40, 20]  # rows 0-1: 180 samples
    assert {c[0] for c in calls[True]} == {"lime_widget-model"}
    assert {c[0] for c in calls[False]} == {"MainThread"}

    # a SegmentationAlgorithm runs ahead in worker threads; the user's own function does not
    for segmentation in (RecordingQuickshift(), Bands()):
        got = lw.LimeImageExplainer(random_state=3).explain_many(
            photos, grid_model, segmentation_fn=segmentation, **kwargs
        )
        in_batch = list(segmentation.threads)
        loop = lw.LimeImageExplainer(random_state=3)
        for image, exp in zip(photos, got, strict=True):
            expected = loop.explain_instance(
                image, grid_model, segmentation_fn=segmentation, **kwargs
            )
            assert_close(exp, expected, atol=1e-12)
        assert len(in_batch) == len(photos)
        if isinstance(segmentation, Bands):
            assert set(in_batch) == {"MainThread"}
        else:
            assert all(name.startswith("lime_widget-ahead") for name in in_batch)


def test_images_overlapped_equal_limes_loop(photos: list[np.ndarray]) -> None:
    import lime.lime_image

    kwargs = {"top_labels": 2, "hide_color": 0, "num_samples": 90, "batch_size": 40}
    batch = lw.LimeImageExplainer(random_state=1).explain_many(photos[:3], grid_model, **kwargs)
    theirs = lime.lime_image.LimeImageExplainer(random_state=1)
    for image, got in zip(photos[:3], batch, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = theirs.explain_instance(image, grid_model, **kwargs)
        assert_close(got, expected, atol=1e-6)


class Cancelled(Exception):
    pass


def test_cancelling_an_image_run_from_on_result_stops_the_model(photos: list[np.ndarray]) -> None:
    """As the gallery does: explain_many in a background thread, cancelled from on_result."""
    calls: list[int] = []
    release = threading.Event()
    per_row = 9  # 90 samples in calls of 10

    def model(images: np.ndarray) -> np.ndarray:
        calls.append(len(images))
        if len(calls) > per_row:  # row 1's calls wait until the run is cancelled
            release.wait(timeout=60)
        return grid_model(images)

    seen: list[tuple[int, int]] = []
    outcome: dict[str, Any] = {}

    def cancel(index: int, exp: Any) -> None:
        seen.append((index, len(calls)))
        raise Cancelled

    def run() -> None:
        try:
            lw.LimeImageExplainer(random_state=0).explain_many(
                photos * 3,
                model,
                on_result=cancel,
                num_samples=90,
                batch_size=10,
                top_labels=1,
                hide_color=0,
                progress=False,
            )
        except Cancelled as exc:
            outcome["partial"] = exc.partial_results  # type: ignore[attr-defined]

    before = set(threading.enumerate())
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=120)
    release.set()
    helpers = [t for t in set(threading.enumerate()) - before if t.name.startswith("lime_widget-")]
    for t in helpers:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in helpers)  # the run's helper threads ended
    assert outcome["partial"].indices == [0]
    [(index, at_cancel)] = seen
    assert index == 0
    # at most the call in flight finished: the model was not asked again after the cancel
    assert per_row <= at_cancel <= len(calls) <= at_cancel + 1 <= per_row + 2


# -- per-row streams: the same numbers wherever the rows run -----------------------------------
def test_parallel_equals_serial_per_row_seeds(cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=5)
    before = explainer.random_state.get_state()
    kwargs = {"num_samples": N_SAMPLES, "num_features": 5, "chunk_size": 3}
    serial = explainer.explain_many(X[:10], model.predict_proba, per_row_seeds=True, **kwargs)
    parallel = explainer.explain_many(X[:10], model.predict_proba, n_jobs=2, **kwargs)
    assert [numbers(a) for a in serial] == [numbers(b) for b in parallel]
    # copies drew the rows: the explainer's own stream (shared with its discretizer) is untouched
    after = explainer.random_state.get_state()
    assert np.array_equal(before[1], after[1])
    assert before[2] == after[2]
    assert explainer.discretizer is not None
    assert explainer.discretizer.random_state is explainer.random_state
    # row i is explain_instance with RandomState(row_seed(5, i)) in place of the shared stream
    single = lw.LimeTabularExplainer(X, random_state=np.random.RandomState(row_seed(5, 4)))
    expected = single.explain_instance(
        X[4], model.predict_proba, num_samples=N_SAMPLES, num_features=5
    )
    assert_close(parallel[4], expected, atol=1e-12)
    # kept samples come back from the workers; the live view re-derives the growable pool
    kept = explainer.explain_many(X[:2], model.predict_proba, n_jobs=2, keep_neighbourhood=True)
    assert kept[1].neighbourhood is not None
    assert kept[1].pool is None
    widget = kept[1].as_widget()
    try:
        assert kept[1].pool is not None
    finally:
        widget.close()


def test_joblib_context_runs_rows_through_joblib(cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=2)
    kwargs = {"num_samples": 300, "num_features": 3}
    serial = explainer.explain_many(X[:4], model.predict_proba, per_row_seeds=True, **kwargs)
    with joblib.parallel_config(backend="threading", n_jobs=2):
        threaded = explainer.explain_many(X[:4], model.predict_proba, **kwargs)
    assert [numbers(a) for a in serial] == [numbers(b) for b in threaded]
    with pytest.raises(ValueError, match=r"per_row_seeds.*must be True"):
        explainer.explain_many(X[:4], model.predict_proba, n_jobs=2, per_row_seeds=False)


@pytest.mark.dask
def test_dask_cluster_equals_serial_per_row_seeds(cancer: Any) -> None:
    distributed = pytest.importorskip("distributed")
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=7)
    kwargs = {"num_samples": N_SAMPLES, "top_labels": 1, "chunk_size": 2}
    serial = explainer.explain_many(X[:6], model.predict_proba, per_row_seeds=True, **kwargs)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
        joblib.parallel_config(backend="dask"),
    ):
        on_cluster = explainer.explain_many(X[:6], model.predict_proba, **kwargs)
    assert [numbers(a) for a in serial] == [numbers(b) for b in on_cluster]


def test_a_joblib_backend_without_generators_still_works(cancer: Any) -> None:
    """Ray's backend supports no generator (ValueError: ... does not support return_as=...)."""
    from joblib.parallel import ThreadingBackend, register_parallel_backend

    class NoGenerators(ThreadingBackend):  # type: ignore[misc]
        supports_return_generator = False

    register_parallel_backend("lw-no-generators", NoGenerators)
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=7)
    kwargs = {"num_samples": N_SAMPLES, "top_labels": 1, "chunk_size": 2}
    serial = explainer.explain_many(X[:6], model.predict_proba, per_row_seeds=True, **kwargs)
    seen: list[int] = []
    with joblib.parallel_config(backend="lw-no-generators", n_jobs=2):
        with pytest.raises(ValueError, match="does not support return_as"):
            list(
                joblib.Parallel(return_as="generator_unordered")(
                    joblib.delayed(abs)(1) for _ in "x"
                )
            )
        batch = explainer.explain_many(
            X[:6], model.predict_proba, on_result=lambda i, e: seen.append(i), **kwargs
        )
    assert [numbers(a) for a in serial] == [numbers(b) for b in batch]
    assert sorted(seen) == list(range(6))


# -- failures and interrupts keep what finished ----------------------------------------------
class RaisesOnMarkedRow:
    """A model that fails on the samples of the row whose first feature is 1e6."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if (x[:, 0] == 1e6).any():
            raise RuntimeError("the model failed")
        return self.model.predict_proba(x)


@pytest.mark.parametrize("n_jobs", [None, 2])
def test_a_failing_row_keeps_the_rows_before_it(cancer: Any, n_jobs: int | None) -> None:
    X, model = cancer
    rows = X[:8].copy()
    rows[4, 0] = 1e6  # the 5th row; its chunk (rows 3-5) shares one model call
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    with pytest.raises(RuntimeError, match="the model failed") as info:
        explainer.explain_many(
            rows, RaisesOnMarkedRow(model), n_jobs=n_jobs, num_samples=N_SAMPLES, chunk_size=3
        )
    partial = info.value.partial_results  # type: ignore[attr-defined]
    assert isinstance(partial, lw.BatchExplanations)
    assert not partial.complete
    if n_jobs is None:
        assert partial.indices == [0, 1, 2, 3]
        expected = lw.LimeTabularExplainer(X, random_state=0).explain_many(
            rows[:4], model.predict_proba, num_samples=N_SAMPLES
        )
        assert [numbers(a) for a in partial] == [numbers(b) for b in expected]
    else:  # the failing chunk keeps row 3; other chunks are kept if they came back first
        assert 3 in partial.indices
    assert {4, 5} <= set(partial.missing)


def test_interrupt_keeps_finished_rows_and_on_result_streams(cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    seen: list[int] = []

    def on_result(index: int, exp: Any) -> None:
        seen.append(index)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as info:
        explainer.explain_many(
            X[:30], model.predict_proba, num_samples=200, chunk_size=2, on_result=on_result
        )
    assert seen == [0, 1, 2]
    assert info.value.partial_results.indices == [0, 1, 2]  # type: ignore[attr-defined]

    parallel_seen: list[int] = []

    def stop_after_first(index: int, exp: Any) -> None:
        parallel_seen.append(index)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as info:
        explainer.explain_many(
            X[:200], model.predict_proba, n_jobs=2, num_samples=200, on_result=stop_after_first
        )
    assert len(info.value.partial_results) == 1  # type: ignore[attr-defined]
    assert parallel_seen == info.value.partial_results.indices  # type: ignore[attr-defined]


# -- memory: light explanations that re-derive their samples -----------------------------------
def test_explanations_drop_samples_and_rederive_them(cancer: Any) -> None:
    X, model = cancer
    light = lw.LimeTabularExplainer(X, random_state=0).explain_many(
        X[:4], model.predict_proba, num_samples=N_SAMPLES, top_labels=1
    )
    kept = lw.LimeTabularExplainer(X, random_state=0).explain_many(
        X[:4], model.predict_proba, num_samples=N_SAMPLES, top_labels=1, keep_neighbourhood=True
    )
    assert all(e.neighbourhood is None and e.pool is None for e in light)
    assert all(e.neighbourhood is not None for e in kept)
    assert [numbers(a) for a in light] == [numbers(b) for b in kept]
    assert light[2].as_list(light[2].top_labels[0]) == kept[2].as_list(kept[2].top_labels[0])

    # a saved batch is small and does not drag the model along
    saved = pickle.loads(pickle.dumps(light))
    assert [numbers(a) for a in saved] == [numbers(b) for b in light]
    assert len(pickle.dumps(light)) < len(pickle.dumps(kept[0].neighbourhood))

    # refit and the live view re-derive the same samples from the row's stream position
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        narrow = light[2].refit(kernel_width=1.0)
    assert light[2].neighbourhood is not None
    np.testing.assert_array_equal(light[2].neighbourhood.design, kept[2].neighbourhood.design)
    assert numbers(narrow) == numbers(kept[2].refit(kernel_width=1.0))
    widget = light[3].as_widget()
    try:
        assert light[3].pool is not None
    finally:
        widget.close()
    assert light.restore(1).neighbourhood is not None


def test_explainers_pickle(cancer: Any) -> None:
    X, model = cancer
    y = (X[:, 0] > 14).astype(int)
    for disc in ("quartile", "decile", "entropy"):
        explainer = lw.LimeTabularExplainer(X, training_labels=y, discretizer=disc, random_state=0)
        explainer.explain_instance(X[0], model.predict_proba, num_samples=200)
        copy = pickle.loads(pickle.dumps(explainer))
        assert copy.discretizer.random_state is copy.random_state  # still one shared stream
        a = explainer.explain_instance(X[1], model.predict_proba, num_samples=200)
        b = copy.explain_instance(X[1], model.predict_proba, num_samples=200)
        assert numbers(a) == numbers(b)
    for other in (lw.LimeTextExplainer(random_state=0), lw.LimeImageExplainer(random_state=0)):
        assert type(pickle.loads(pickle.dumps(other))) is type(other)


def test_progress_bar_and_argument_errors(cancer: Any, capsys: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    explainer.explain_many(X[:3], model.predict_proba, num_samples=100, progress=True)
    assert "3/3" in capsys.readouterr().err
    explainer.explain_many(X[:3], model.predict_proba, num_samples=100)
    assert capsys.readouterr().err == ""  # no bar for a few rows
    with pytest.raises(TypeError, match=r"'num_feature'\. Did you mean 'num_features'"):
        explainer.explain_many(X[:3], model.predict_proba, num_feature=3)
    with pytest.raises(ValueError, match="one instance per row"):
        explainer.explain_many(X[0], model.predict_proba)
    with pytest.raises(ValueError, match="Pass a list of documents"):
        lw.LimeTextExplainer().explain_many("one document", model.predict_proba)
    with pytest.raises(ValueError, match=r"'chunk_size' parameter .* must be an int >= 1"):
        explainer.explain_many(X[:3], model.predict_proba, chunk_size=0)
    lock = threading.Lock()

    def unpicklable(x: np.ndarray) -> np.ndarray:
        with lock:
            return model.predict_proba(x)

    with pytest.raises(TypeError, match=r"sends the explainer, the model .* must pickle"):
        explainer.explain_many(X[:3], unpicklable, n_jobs=2)
    empty = explainer.explain_many(X[:0], model.predict_proba)
    assert len(empty) == 0
    assert empty.complete
