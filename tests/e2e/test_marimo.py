"""The live widget in marimo, in headless Chromium with the network cut off.

marimo_apps/widget.py shows the widget in each of the three ways a marimo user would:
``mo.ui.anywidget(w)``, the bare widget as a cell's last expression, and lime's
``exp.show_in_notebook()``. Under ``marimo run`` (the app server) each renders, refits on a
kernel-width move and streams a larger sample to the end; with the worker's pushes dropped,
the page's pulls deliver it all (Colab's case). ``marimo edit`` (the editor, whose kernel is
a process of its own rather than a thread of the server) is checked once too. No request
leaves the page: marimo serves its own front end and the widget's JavaScript ships inside
the package.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .live_checks import (
    check_pulls_deliver,
    check_renders_and_refits,
    check_stream_to_the_end,
    widget_root,
)
from .server import MarimoServer

pytestmark = pytest.mark.e2e
OPEN_TIMEOUT_MS = 90_000


@pytest.mark.parametrize("way", ["anywidget", "plain", "show_in_notebook"])
def test_renders_refits_and_streams_under_marimo_run(
    page: Page, offline, marimo_server: MarimoServer, way: str
) -> None:
    outside = offline(marimo_server)
    page.goto(marimo_server.app_url("widget.py", way=way), timeout=OPEN_TIMEOUT_MS)
    root = widget_root(page)
    check_renders_and_refits(page, root)
    assert check_stream_to_the_end(page, root) > 1  # partial results on the way
    assert outside == []


def test_pulls_alone_deliver_the_stream_under_marimo_run(
    page: Page, offline, marimo_server: MarimoServer
) -> None:
    outside = offline(marimo_server)
    page.goto(marimo_server.app_url("widget.py", pull="1"), timeout=OPEN_TIMEOUT_MS)
    root = widget_root(page)
    check_renders_and_refits(page, root)
    check_pulls_deliver(page, root)
    assert outside == []


def test_renders_refits_and_streams_in_the_marimo_editor(
    page: Page, offline, marimo_edit_server: MarimoServer
) -> None:
    outside = offline(marimo_edit_server)
    page.goto(marimo_edit_server.app_url("widget.py"), timeout=OPEN_TIMEOUT_MS)
    root = widget_root(page)
    check_renders_and_refits(page, root)
    assert check_stream_to_the_end(page, root) > 1
    assert outside == []
