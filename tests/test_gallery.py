"""The gallery of a batch: each card's payload, true labels and filters, streaming, cancel,
close, the page's pull route, and the saved file.

The front end is played as altair's tests play it: by assigning the synced traits and
sending the custom messages the page sends (``pull``, ``thumbs``, ``cancel``), and by
reading what the kernel sends back.
"""

from __future__ import annotations

import base64
import gc
import io
import json
import re
import threading
import weakref
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

import lime_widget as lw
from lime_widget.engine._validation import InvalidParameterError
from lime_widget.explanation._cards import THUMB_SIDE, card_dict, thumb_dict
from lime_widget.explanation._payload import trust_dict

CLASSES = ["setosa", "versicolor", "<img src=x onerror=alert(1)>"]


@pytest.fixture(scope="module")
def iris() -> tuple[np.ndarray, np.ndarray, Any]:
    X, y = load_iris(return_X_y=True)
    return X, y, LogisticRegression(max_iter=500).fit(X, y)


def explainer(X: np.ndarray) -> lw.LimeTabularExplainer:
    return lw.LimeTabularExplainer(
        X, feature_names=["sl", "sw", "pl", "pw"], class_names=CLASSES, random_state=0
    )


class Gate:
    """A model that counts its calls and, once ``hold_after`` calls were made, waits."""

    def __init__(self, fn: Any, hold_after: int) -> None:
        self.fn = fn
        self.calls = 0
        self.hold_after = hold_after
        self.release = threading.Event()
        self.holding = threading.Event()

    def __call__(self, x: Any) -> Any:
        if self.calls >= self.hold_after:
            self.holding.set()
            self.release.wait(30)
        self.calls += 1
        return self.fn(x)


class Sent:
    """What the gallery sends to the page (its ``send``), with the sending thread."""

    def __init__(self, gallery: Any) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        gallery.send = self.record

    def record(self, content: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        self.messages.append((threading.current_thread().name, json.loads(json.dumps(content))))

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [m for _, m in self.messages if m.get("type") == kind]


# -- the payload of a card ---------------------------------------------------------------------
def test_a_tabular_card_says_what_its_opened_view_says(iris: Any) -> None:
    X, _, model = iris
    exp = explainer(X).explain_instance(X[60], model.predict_proba, top_labels=1, num_samples=800)
    card = card_dict(exp, 60, true=1)
    label = exp.available_labels()[0]
    assert card["row"] == 60
    assert card["kind"] == "tabular"
    assert card["true"] == 1
    assert card["label"] == label == card["pred"] == int(np.argmax(exp.predict_proba))
    assert card["proba"] == pytest.approx(float(exp.predict_proba.max()))
    assert [(f["id"], f["weight"]) for f in card["features"]] == exp.local_exp[label]
    assert [f["name"] for f in card["features"]] == [n for n, _ in exp.as_list(label=label)]
    assert card["score"] == pytest.approx(exp.score[label])
    assert card["assessed"] == "pending"  # it kept its samples: its stability comes next
    # the live view of the same explanation shows the same class first and the same badge
    widget = exp.as_widget()
    try:
        assert widget.label == card["label"]
        diagnostics = widget.session.wait(30, diagnostics=True) and widget.state["diagnostics"]
        trust = trust_dict(exp, label)
        assert diagnostics["stability"] == pytest.approx(trust["stability"])
        assert diagnostics["stability_words"] == trust["stability_words"]
        assert diagnostics["settled"] == trust["settled"]
    finally:
        widget.close()


def test_a_text_card_shows_a_snippet_around_its_strongest_word() -> None:
    words = [f"w{i}" for i in range(200)]
    words[150] = "excellent"
    doc = " ".join(words)

    def model(docs: list[str]) -> np.ndarray:
        p = np.array([0.9 if "excellent" in d else 0.1 for d in docs])
        return np.column_stack([1 - p, p])

    exp = lw.LimeTextExplainer(random_state=0).explain_instance(doc, model, num_samples=200)
    card = card_dict(exp, 0)
    snippet = card["snippet"]
    strongest = card["features"][0]
    assert exp.domain_mapper.indexed_string.word(strongest["id"]) == "excellent"
    texts = [t["text"] for t in snippet["tokens"]]
    assert "excellent" in texts
    assert snippet["cut_before"]
    assert snippet["cut_after"]
    assert len(snippet["tokens"]) < len(exp.domain_mapper.view()["tokens"])


def test_an_image_thumbnail_maps_each_pixel_to_its_superpixel() -> None:
    from PIL import Image

    rs = np.random.RandomState(0)
    image = rs.uniform(size=(224, 160, 3))
    segments = (np.arange(224)[:, None] // 56) * 4 + (np.arange(160)[None, :] // 40)

    def model(images: np.ndarray) -> np.ndarray:
        p = images[:, :56, :40].mean(axis=(1, 2, 3))
        return np.column_stack([1 - p, p])

    exp = lw.LimeImageExplainer(random_state=0).explain_instance(
        image, model, top_labels=1, num_samples=100, num_features=3,
        segmentation_fn=lambda im: segments,
    )  # fmt: skip
    card = card_dict(exp, 4)
    thumb = thumb_dict(exp, card)
    assert thumb is not None
    assert max(thumb["width"], thumb["height"]) == THUMB_SIDE
    assert thumb["height"] == THUMB_SIDE
    assert thumb["width"] == 80
    slots = np.asarray(Image.open(io.BytesIO(base64.b64decode(thumb["slots"]))))
    assert slots.shape == (thumb["height"], thumb["width"])
    shrunk = np.asarray(
        Image.fromarray(segments.astype(np.uint8)).resize((80, 112), Image.Resampling.NEAREST)
    )
    for slot, feature in enumerate(card["features"], start=1):
        assert np.array_equal(slots == slot, shrunk == feature["id"])
    assert np.array_equal(slots == 0, ~np.isin(shrunk, [f["id"] for f in card["features"]]))
    picture = Image.open(io.BytesIO(base64.b64decode(thumb["image"])))
    assert picture.size == (80, 112)


def test_true_labels_are_class_indices_or_names(iris: Any) -> None:
    X, _, model = iris
    batch = explainer(X).explain_many(X[:3], model.predict_proba, num_samples=100, progress=False)
    g = batch.as_widget(true_labels=["setosa", 1, None])
    try:
        assert [c["true"] for c in g.cards] == [0, 1, None]
    finally:
        g.close()
    with pytest.raises(InvalidParameterError, match=r"'true_labels'.*one entry per row \(3\)"):
        batch.as_widget(true_labels=[0, 1])
    with pytest.raises(InvalidParameterError, match=r"'true_labels'.*Got 'rose'"):
        batch.as_widget(true_labels=["rose", 0, 0])
    with pytest.raises(InvalidParameterError, match=r"indices in 0..2"):
        batch.as_widget(true_labels=[0, 5, 0])


def test_filters_and_order_are_traits_checked_where_they_arrive(iris: Any) -> None:
    X, y, model = iris
    batch = explainer(X).explain_many(X[::25], model.predict_proba, num_samples=100, progress=False)
    g = batch.as_widget(true_labels=y[::25])
    try:
        g.filter_pred, g.filter_true, g.sort_by = 2, 1, "-stability"
        assert (g.filter_pred, g.filter_true, g.sort_by) == (2, 1, "-stability")
        preds = {c["pred"] for c in g.cards}
        assert preds <= {0, 1, 2}
        assert len(preds) > 1
        assert [c["true"] for c in g.cards] == list(y[::25])
        with pytest.raises(InvalidParameterError, match=r"'filter_pred'.*0..2. Got 3"):
            g.filter_pred = 3
        with pytest.raises(InvalidParameterError, match=r"'sort_by'.*Got 'size'"):
            g.sort_by = "size"
        with pytest.raises(InvalidParameterError, match=r"'opened'.*Got 7"):
            g.opened = 7  # six cards: rows 0 to 5
    finally:
        g.close()


# -- streaming, cancel, close ------------------------------------------------------------------
def test_cards_stream_in_as_rows_finish(iris: Any) -> None:
    X, y, model = iris
    gate = Gate(model.predict_proba, hold_after=3)
    seen: list[int] = []
    g = explainer(X).gallery(
        X[:8], gate, true_labels=y[:8], num_samples=100, chunk_size=1,
        on_result=lambda i, exp: seen.append(i),
    )  # fmt: skip
    sent = Sent(g)
    try:
        assert gate.holding.wait(30)
        assert g.progress["status"] == "running" or g._run.status == "running"
        partial = g.cards
        assert 1 <= len(partial) < 8  # cards are there while the run goes on
        g._on_custom_msg(g, {"type": "pull", "since": 0}, [])
        reply = sent.of("cards")[-1]
        assert reply["reply"]
        assert {c["row"] for c in reply["cards"]} == {c["row"] for c in partial}
        assert reply["progress"]["status"] == "running"
        gate.release.set()
        batch = g.wait(30, assessed=True)
        assert len(batch) == 8
        assert g.progress["status"] == "done"
        assert seen == list(range(8))  # the caller's own on_result still hears every row
        assert all(c["assessed"] == "done" for c in g.cards)
        # explain_many's numbers; each card explains its predicted class (top_labels=1)
        again = explainer(X).explain_many(
            X[:8], model.predict_proba, num_samples=100, top_labels=1, progress=False
        )
        assert [e.as_map() for e in again] == [e.as_map() for e in batch]
        assert all(c["label"] == c["pred"] for c in g.cards)
    finally:
        gate.release.set()
        g.close()


def test_pulls_alone_deliver_every_card_as_on_colab(iris: Any) -> None:
    X, _, model = iris
    gate = Gate(model.predict_proba, hold_after=0)
    g = explainer(X).gallery(X[:5], gate, num_samples=100, chunk_size=1)
    g._deliver_pushes = False  # Colab drops what the worker thread sends
    sent = Sent(g)
    try:
        gate.release.set()
        g.wait(30, assessed=True)
        g._worker.wait_idle(10)
        assert sent.messages == [] or all(t == "MainThread" for t, _ in sent.messages)
        g._on_custom_msg(g, {"type": "pull", "since": 0}, [])
        reply = sent.of("cards")[-1]
        assert sorted(c["row"] for c in reply["cards"]) == [0, 1, 2, 3, 4]
        assert reply["to"] == reply["progress"]["seq"]
        g._on_custom_msg(g, {"type": "pull", "since": reply["to"]}, [])
        assert sent.of("cards")[-1]["cards"] == []  # nothing new since then
    finally:
        g.close()


@pytest.mark.parametrize("stop", ["cancel", "close"])
def test_cancel_or_close_stops_the_run_and_keeps_the_rows_done(stop: str, iris: Any) -> None:
    X, _, model = iris
    gate = Gate(model.predict_proba, hold_after=4)
    g = explainer(X).gallery(X[:20], gate, num_samples=100, chunk_size=1, model_thread=False)
    try:
        assert gate.holding.wait(30)  # row 4's model call is in flight
        calls = gate.calls
        if stop == "cancel":
            g._on_custom_msg(g, {"type": "cancel"}, [])  # the page's Cancel button
        else:
            g.close()
        gate.release.set()
        g._run.join(30)
        assert gate.calls == calls + 1  # only the call in flight: the model is not asked again
        assert g._run.status == "cancelled"
        done = g.batch
        assert done.indices == list(range(5))
        assert done.missing == list(range(5, 20))
        if stop == "cancel":
            g._worker.wait_idle(10)
            assert g.progress["status"] == "cancelled"
            assert g.progress["done"] == 5
            assert [c["row"] for c in g.cards] == done.indices
    finally:
        gate.release.set()
        g.close()


def test_a_closed_gallery_frees_its_threads_widgets_and_itself(iris: Any) -> None:
    X, _, model = iris
    g = explainer(X).gallery(X[:4], model.predict_proba, num_samples=100)
    g.wait(30, assessed=True)
    g.opened = 1
    live = g.opened_widget
    threads = [g._run._thread, g._worker._thread, live.session._thread]
    ref = weakref.ref(g)
    g.close()
    for thread in threads:
        thread.join(10)
        assert not thread.is_alive()
    assert live.session.closed
    del g, live
    gc.collect()
    assert ref() is None


def test_a_model_error_stops_the_run_and_says_so(iris: Any) -> None:
    X, _, model = iris
    rows = X[:6].copy()
    rows[3, 0] = 100.0

    def fragile(x: np.ndarray) -> np.ndarray:
        if (x[:, 0] > 99).any():
            raise RuntimeError("the model broke")
        return model.predict_proba(x)

    g = explainer(X).gallery(rows, fragile, num_samples=100, chunk_size=1)
    try:
        with pytest.raises(RuntimeError, match="the model broke"):
            g.wait(30)
        g._worker.wait_idle(10)
        assert g.progress["status"] == "error"
        assert "RuntimeError: the model broke" in g.progress["error"]
        assert [c["row"] for c in g.cards] == [0, 1, 2]
    finally:
        g.close()


# -- opening a card ------------------------------------------------------------------------------
def test_a_light_card_opens_by_re_deriving_its_samples_and_is_then_assessed(iris: Any) -> None:
    X, _, model = iris
    batch = explainer(X).explain_many(X[:4], model.predict_proba, num_samples=300, progress=False)
    g = batch.as_widget()
    sent = Sent(g)
    try:
        assert g.cards[2]["assessed"] == "none"  # no samples: no stability
        g.opened = 2  # as the page sets it: the worker re-derives, the next pull builds
        assert g.progress["opening"] == 2 or g._opening in (2, -1)
        widget = g.opened_widget
        assert widget is not None
        assert g._live_row == 2
        label = widget.label
        assert widget.wait(30).as_list(label=label) == batch[2].as_list(label=label)
        g._worker.wait_idle(10)
        assert g.cards[2]["assessed"] == "done"  # opening it gave it its samples back
        g.opened = 0
        assert widget.session.closed  # the previous card's live view is closed
        g._on_custom_msg(g, {"type": "pull", "since": 0}, [])
        assert sent.of("cards")[-1]["progress"]["opening"] in (0, -1)
    finally:
        g.close()


def test_submodular_pick_shows_its_picks(iris: Any) -> None:
    X, y, model = iris
    sp = lw.SubmodularPick(
        explainer(X), X[::10], model.predict_proba, method="full", num_exps_desired=3,
        num_features=2, num_samples=200,
    )  # fmt: skip
    g = sp.as_widget(true_labels=y[::10])
    try:
        assert [c["row"] for c in g.cards] == sorted(int(sp.sample_indices[v]) for v in sp.V)
        g._worker.wait_idle(10)
        assert all(c["assessed"] == "done" for c in g.cards)  # picks keep their samples
        assert [c["true"] for c in g.cards] == [int(y[::10][r]) for r in sorted(sp.V)]
    finally:
        g.close()


def test_thumbnails_travel_only_when_asked_for() -> None:
    rs = np.random.RandomState(1)
    images = [rs.uniform(size=(32, 32, 3)) for _ in range(3)]
    segments = np.repeat(np.arange(4), 256).reshape(32, 32)

    def model(batch: np.ndarray) -> np.ndarray:
        p = batch[:, :16].mean(axis=(1, 2, 3))
        return np.column_stack([1 - p, p])

    g = lw.LimeImageExplainer(random_state=0).gallery(
        images, model, num_samples=50, top_labels=1, segmentation_fn=lambda im: segments
    )
    sent = Sent(g)
    try:
        g.wait(30, assessed=True)
        g._on_custom_msg(g, {"type": "pull", "since": 0}, [])
        assert all("thumb" not in c and "image" not in c for c in sent.of("cards")[-1]["cards"])
        g._on_custom_msg(g, {"type": "thumbs", "rows": [2, 0]}, [])
        thumbs = sent.of("thumbs")[-1]["thumbs"]
        assert sorted(thumbs) == ["0", "2"]
        assert thumbs["2"]["width"] == 32  # a small image is kept at its size
    finally:
        g.close()


# -- the saved file ------------------------------------------------------------------------------
def test_the_saved_gallery_is_one_offline_file_with_text_only_strings(
    iris: Any, tmp_path: Any
) -> None:
    X, y, model = iris
    g = explainer(X).gallery(X[::30], model.predict_proba, true_labels=y[::30], num_samples=100)
    try:
        g.wait(30)
        path = tmp_path / "gallery.html"
        g.save_to_file(path)
        text = path.read_text(encoding="utf-8")
    finally:
        g.close()
    assert "default-src 'none'" in text
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", text)  # nothing is fetched
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text)
    assert "<img src=x" not in text  # a class name with markup is data, escaped in the JSON
    data = json.loads(re.search(r'id="lw-gallery-data">(.*?)</script>', text, re.S)[1])
    assert data["meta"]["class_names"] == CLASSES
    assert [c["row"] for c in data["cards"]] == [0, 1, 2, 3, 4]  # rows of the instances
    assert all(c["assessed"] == "done" for c in data["cards"])  # assessed before saving
    assert data["progress"]["status"] == "ready"
    with pytest.raises(InvalidParameterError, match="'file_path'"):
        g.save_to_file(None)


def test_a_gallery_refuses_bad_options_to_its_caller():
    """Not in the gallery's thread, where nobody would see the error."""
    from sklearn.datasets import load_iris

    from lime_widget import LimeTabularExplainer

    X, _ = load_iris(return_X_y=True)
    explainer = LimeTabularExplainer(X, random_state=0)

    def model(x):
        return np.column_stack([np.ones(len(x)) * 0.5, np.ones(len(x)) * 0.5])

    with pytest.raises(
        ValueError, match=r"'num_samples' parameter of LimeTabularExplainer\.gallery"
    ):
        explainer.gallery(X[:3], model, num_samples=-5)
    with pytest.raises(TypeError, match=r"'n_jobs' parameter of LimeTabularExplainer\.gallery"):
        explainer.gallery(X[:3], model, n_jobs="many")
    with pytest.raises(ValueError, match="'instances' parameter"):
        explainer.gallery(X[:3, :2], model)
