"""The live widget as a Voilà app, in headless Chromium with the network cut off.

Voilà runs the notebook in a fresh kernel on each page load and shows only its outputs. The
widget renders, refits on a kernel-width move and streams a larger sample to the end; with
the worker's pushes dropped, the page's pulls deliver it all (Colab's case). The widget's
JavaScript comes from the installed package through Voilà's own server: the only requests
that try to leave the page are the two Font Awesome style sheets Voilà's own page template
links from a CDN (share/jupyter/voila/templates/lab/index.html.j2), which are blocked here
and not needed.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page

from .helpers import write_notebook
from .live_checks import (
    check_pulls_deliver,
    check_renders_and_refits,
    check_stream_to_the_end,
    widget_root,
)
from .server import VoilaServer

pytestmark = pytest.mark.e2e
OPEN_TIMEOUT_MS = 90_000
VOILA_TEMPLATE_CDN = {
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/v4-shims.min.css",
}

SETUP = """
import time

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import lime_widget as lw

data = load_breast_cancer()
# scaled, so it converges at once (unscaled, lbfgs takes seconds)
model = make_pipeline(StandardScaler(), LogisticRegression()).fit(data.data, data.target)


def predict(rows):
    # Past the first 1,000 rows the model slows down, so a larger sample streams in
    # over a second or two, long enough to watch.
    predict.rows += len(rows)
    if predict.rows > 1000:
        time.sleep(0.15)
    return model.predict_proba(rows)


predict.rows = 0
explainer = lw.LimeTabularExplainer(
    data.data,
    feature_names=list(data.feature_names),
    class_names=list(data.target_names),
    random_state=0,
)
"""

WIDGET = """
w = explainer.interact(data.data[0], predict, num_samples=1000, batch_size=200)
w._deliver_pushes = {pushes}
w
"""


def open_app(page: Page, server: VoilaServer, *, pushes: bool) -> None:
    name = write_notebook(
        server.root_dir, f"widget-{uuid.uuid4().hex[:8]}", [SETUP, WIDGET.format(pushes=pushes)]
    )
    page.goto(server.render_url(name), timeout=OPEN_TIMEOUT_MS)


def test_renders_refits_and_streams_under_voila(
    page: Page, offline, voila_server: VoilaServer
) -> None:
    outside = offline(voila_server)
    open_app(page, voila_server, pushes=True)
    root = widget_root(page)
    check_renders_and_refits(page, root)
    assert check_stream_to_the_end(page, root) > 1  # partial results on the way
    assert set(outside) <= VOILA_TEMPLATE_CDN


def test_pulls_alone_deliver_the_stream_under_voila(
    page: Page, offline, voila_server: VoilaServer
) -> None:
    outside = offline(voila_server)
    open_app(page, voila_server, pushes=False)
    root = widget_root(page)
    check_renders_and_refits(page, root)
    check_pulls_deliver(page, root)
    assert set(outside) <= VOILA_TEMPLATE_CDN
