"""Fixtures for the real-browser tests: Jupyter servers, Chromium, pages and notebooks.

Session scope (so once per xdist worker that runs e2e tests):
``lab_server`` / ``notebook7_server`` / ``voila_server`` / ``marimo_server`` /
``marimo_edit_server`` (started lazily, on first use) and ``browser``.
Function scope: ``page`` (fresh context), ``jupyter`` (parametrized over both Jupyter front
ends), ``notebook`` (a factory: write a notebook, open it, wait for an idle kernel) and
``offline`` (the page's network cut off but for the loopback servers).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    WebSocket,
    sync_playwright,
)

from .helpers import INIT_SCRIPT, TIMEOUT_MS, open_notebook, write_notebook
from .server import JupyterServer, MarimoServer, ServerProcess, VoilaServer

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("LW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FRONTENDS = ["lab", "notebook7"]
MARIMO_APPS = HERE / "marimo_apps"
APPS = HERE.parent.parent / "apps"  # the marimo apps the project ships (explorer.py)

# marimo apps are served by the marimo fixtures, not collected (nor imported for doctests).
collect_ignore = ["marimo_apps"]


# -- collection: every test under tests/e2e is an e2e test ---------------------------------------


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # So `-m e2e` / `-m "not e2e"` can never miss one, even if a module forgets its pytestmark.
    # No xdist grouping: under `-n 2` each worker that gets e2e tests starts its own servers and
    # Chromium (lazily, ~2-4 s). `--dist loadgroup` would be the way to pin them to one worker,
    # but it silently does nothing with pytest 9.2 + xdist 3.8 (pytest-dev/pytest-xdist#1386).
    for item in items:
        if item.path.is_relative_to(HERE) and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


# -- failure artefacts -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def artifacts_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where failing tests leave screenshots and logs (LW_E2E_ARTIFACTS overrides)."""
    env = os.environ.get("LW_E2E_ARTIFACTS")
    if env:
        root = Path(env)
        root.mkdir(parents=True, exist_ok=True)
        return root
    return tmp_path_factory.mktemp("e2e-artifacts", numbered=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # On a failed setup or call, save screenshot, console and server logs; name the dir in
    # the report (works under xdist too: sections travel with the report).
    report: pytest.TestReport = yield
    if report.failed and report.when in ("setup", "call"):
        saver = getattr(item, "_lw_save_artifacts", None)
        if saver is not None:
            where = saver()
            report.sections.append(("e2e artifacts", f"saved to {where}"))
    return report


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120]


# -- servers -----------------------------------------------------------------------------------


def _server(app: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    server = JupyterServer(app, tmp_path_factory.mktemp(f"jupyter-{app}"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A JupyterLab 4 server (``python -m jupyterlab``)."""
    yield from _server("lab", tmp_path_factory)


@pytest.fixture(scope="session")
def notebook7_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A Notebook 7 server (``python -m notebook``)."""
    yield from _server("notebook7", tmp_path_factory)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """A Voilà server over its root dir (``python -m voila``): notebooks as standalone apps."""
    server = VoilaServer(base_dir=tmp_path_factory.mktemp("voila"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _marimo(mode: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MarimoServer]:
    apps = tuple(sorted([*MARIMO_APPS.glob("*.py"), *APPS.glob("*.py")]))
    server = MarimoServer(base_dir=tmp_path_factory.mktemp(f"marimo-{mode}"), mode=mode, apps=apps)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def marimo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MarimoServer]:
    """``marimo run`` over a copy of tests/e2e/marimo_apps/ and apps/ (read-only apps)."""
    yield from _marimo("run", tmp_path_factory)


@pytest.fixture(scope="session")
def marimo_edit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MarimoServer]:
    """``marimo edit`` over the same copy (the editor; cells run on open)."""
    yield from _marimo("edit", tmp_path_factory)


@pytest.fixture(params=FRONTENDS)
def jupyter(request: pytest.FixtureRequest, browser: Browser) -> JupyterServer:
    """The server of each front end in turn: a test using it runs once per front end."""
    # `browser` first: a missing Chromium fails before any server is started.
    server: JupyterServer = request.getfixturevalue(f"{request.param}_server")
    return server


# -- browser and pages ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """One headless Chromium (Debian's) per session; each test gets its own context."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        pytest.fail(
            f"Chromium is needed for the e2e tests but {CHROMIUM} is missing. "
            "Install it with `make browser` (apt-get install chromium)"
            + (f", or set LW_CHROMIUM={found}" if found else "")
            + "; `make test` does this for you.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


#: a page for saved files (``offline_page``): the page, the requests it tried, its errors
OfflinePage = tuple[Page, list[str], list[str]]


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[OfflinePage]:
    """A page for files: every request but the file itself and data:/blob: URLs is aborted.

    Yields the page, the aborted URLs (a test asserts none) and the page's uncaught errors,
    which must stay empty to the end.
    """
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Route) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, blocked, errors
    context.close()
    assert errors == []


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, artifacts_root: Path) -> Iterator[Page]:
    """A fresh page in a fresh context, with console capture and failure artefacts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=str(INIT_SCRIPT))
    page = context.new_page()
    log: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        log.append(f"[{msg.type}] {msg.text}  ({msg.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.append(f"[pageerror] {exc}"))
    page.on("crash", lambda _: log.append("[crash] page crashed"))
    page.on(
        "requestfailed",
        lambda req: log.append(f"[requestfailed] {req.url} {req.failure}"),
    )
    servers: list[ServerProcess] = []
    request.node._lw_servers = servers  # the notebook fixture adds the ones it uses

    def save_artifacts() -> Path:
        where = artifacts_root / _safe(request.node.nodeid)
        where.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(where / "screenshot.png"), full_page=True, timeout=10_000)
        except Exception as exc:
            (where / "screenshot-failed.txt").write_text(repr(exc))
        try:
            (where / "page.html").write_text(page.content())
        except Exception as exc:
            (where / "page-html-failed.txt").write_text(repr(exc))
        (where / "console.log").write_text("\n".join(log) + "\n")
        for server in servers:
            (where / f"server-{server.app}.log.txt").write_text(
                f"(full log: {server.log_path})\n" + server.log_tail(400)
            )
        return where

    request.node._lw_save_artifacts = save_artifacts
    yield page
    request.node._lw_save_artifacts = None
    context.close()


LOOPBACK = ("http://127.0.0.1:", "ws://127.0.0.1:")


@pytest.fixture
def offline(page: Page, request: pytest.FixtureRequest) -> Callable[[ServerProcess], list[str]]:
    """``offline(server) -> requests``: cut *page* off the network but for the loopback servers.

    Every request to anything else is aborted and recorded in the returned list, which a test
    asserts on at its end (``== []``: nothing tried to leave the page). WebSockets are recorded
    there too unless they go to the loopback. *server* joins the failure artefacts.
    """
    outside: list[str] = []

    def route(r: Route) -> None:
        url = r.request.url
        if url.startswith(LOOPBACK) or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    def socket(ws: WebSocket) -> None:
        if not ws.url.startswith(LOOPBACK):
            outside.append(ws.url)

    def cut_off(server: ServerProcess) -> list[str]:
        request.node._lw_servers.append(server)
        page.context.route("**/*", route)
        page.on("websocket", socket)
        return outside

    return cut_off


# -- notebooks -------------------------------------------------------------------------------------

NotebookFactory = Callable[..., str]


@pytest.fixture
def notebook(
    page: Page, jupyter: JupyterServer, request: pytest.FixtureRequest
) -> Iterator[NotebookFactory]:
    """``notebook(cells) -> path``: write a notebook, open it in *page*, wait for its kernel.

    The kernel is shut down after the test.
    """
    opened: list[str] = []

    def make(cells: Sequence[str], name: str | None = None) -> str:
        stem = name or f"{_safe(request.node.name)}-{uuid.uuid4().hex[:8]}"
        path = write_notebook(jupyter.root_dir, stem, cells)
        opened.append(path)
        request.node._lw_servers.append(jupyter)
        workspace = f"ws-{uuid.uuid4().hex[:12]}"
        open_notebook(page, jupyter.notebook_url(path, workspace=workspace), path)
        return path

    yield make
    for path in opened:
        with contextlib.suppress(OSError):
            jupyter.shutdown_sessions(path)
