"""Start and stop real servers for browser tests: JupyterLab 4, Notebook 7, Voilà and marimo.

Each server runs the venv's own ``jupyter lab`` / ``jupyter notebook`` / ``voila`` /
``marimo run`` in a throw-away environment: its own root dir, config, data, runtime, settings
and workspaces dirs, so nothing from the developer's ``~/.jupyter`` or ``~/.config/marimo``
leaks in and nothing the tests do leaks out. The Jupyter kernel is ``python3`` pinned to
``sys.executable`` (the venv's python, where ``lime_widget`` is installed editable); marimo runs
its apps in the venv's python itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipykernel.kernelspec import write_kernel_spec

# The two front ends: how to start each, and the URL that opens a notebook in it.
APPS: dict[str, dict[str, Any]] = {
    "lab": {
        "module": "jupyterlab",
        "args": [
            # window.jupyterapp, so tests can run commands (run all cells, run a cell).
            "--LabApp.expose_app_in_browser=True",
            # No network: never ask PyPI whether JupyterLab is out of date.
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
    },
    "notebook7": {
        "module": "notebook",
        "args": ["--JupyterNotebookApp.expose_app_in_browser=True"],
    },
}

# Settings a fresh user would be asked about; answered here so no toast covers the page.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # "Save Widget State Automatically": a saved notebook keeps its widgets' last state
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True},
}

# marimo's user config for the test servers: `edit` runs all cells when a notebook opens, as
# `run` does (marimo 0.25's default is to wait for a click).
MARIMO_CONFIG = """\
[runtime]
auto_instantiate = true
"""

START_TIMEOUT_S = float(os.environ.get("LW_E2E_SERVER_TIMEOUT", "90"))
STOP_TIMEOUT_S = 15.0


class ServerStartError(RuntimeError):
    """The server exited or did not answer ``/api/status`` in time."""


def jupyter_environment(base_dir: Path) -> dict[str, str]:
    """Fresh Jupyter dirs under *base_dir* and the environment that points at them.

    The ``python3`` kernel is pinned to this interpreter: exactly the kernelspec
    ``ipykernel install`` writes (protocol 5.5, so subshells are on), with argv[0] =
    sys.executable. The data dir comes first in JUPYTER_PATH, so this "python3" wins over any
    other.
    """
    dirs = {
        name: base_dir / name
        for name in ("root", "config", "data", "runtime", "settings", "workspaces", "ipython")
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    write_kernel_spec(dirs["data"] / "kernels" / "python3")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def free_port() -> int:
    """A TCP port that was free a moment ago (the server is told not to retry others)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A server process on ``127.0.0.1:port``: start it, wait until it answers, stop it.

    Subclasses say how to start it (:meth:`command`, :meth:`environment`) and when it is
    ready (:meth:`ready`).
    """

    app: str  # "lab", "notebook7", "voila" or "marimo"
    base_dir: Path  # everything of this server lives under here
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @property
    def root_dir(self) -> Path:
        """Where notebooks (or marimo apps) go; the server runs here."""
        return self.base_dir / "root"

    @property
    def log_path(self) -> Path:
        """Server stdout+stderr, kernels' stderr included."""
        return self.base_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """The command line that starts the server on ``self.port``."""
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        """Create the server's dirs; the environment it runs in."""
        raise NotImplementedError

    def ready(self) -> bool:
        """Whether the server answers (one quick request; False while it starts)."""
        raise NotImplementedError

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, attempts: int = 3) -> None:
        """Start the server and block until :meth:`ready` (or raise)."""
        env = self.environment()
        for attempt in range(1, attempts + 1):
            self.port = free_port()
            cmd = self.command()
            with self.log_path.open("ab") as log:
                log.write(f"\n$ {' '.join(cmd)}\n".encode())
                log.flush()
                self.proc = subprocess.Popen(
                    cmd,
                    cwd=self.root_dir,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            try:
                self._wait_ready()
                return
            except ServerStartError:
                port_taken = "address already in use" in self.log_tail().lower()
                self.stop()
                if not port_taken or attempt == attempts:
                    raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert self.proc is not None
            code = self.proc.poll()
            if code is not None:
                msg = f"{self.app} server exited with {code}; log {self.log_path}:\n"
                raise ServerStartError(msg + self.log_tail())
            try:
                if self.ready():
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            if time.monotonic() > deadline:
                msg = (
                    f"{self.app} server did not answer within {START_TIMEOUT_S:.0f} s;"
                    f" log {self.log_path}:\n"
                )
                raise ServerStartError(msg + self.log_tail())
            time.sleep(0.1)  # polling interval, not a wait for something

    def stop(self) -> None:
        """SIGTERM (the server then shuts its kernels down), SIGKILL if it lingers."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT_S)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        # Lines are cut: a failing node call can dump a whole minified bundle on one line.
        return "\n".join(line[:400] for line in text.splitlines()[-lines:])


@dataclass
class JupyterServer(ServerProcess):
    """A running ``jupyter lab`` / ``jupyter notebook`` process and how to talk to it."""

    token: str = field(default_factory=lambda: secrets.token_hex(16))

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        """The page that opens ``root_dir/name`` in this server's front end.

        In JupyterLab a fresh named *workspace* per test keeps notebooks opened by earlier tests
        from being restored (and their kernels restarted) in this one.
        """
        quoted = urllib.parse.quote(name)
        token = urllib.parse.quote(self.token)
        if self.app == "lab":
            prefix = f"/lab/workspaces/{urllib.parse.quote(workspace)}" if workspace else "/lab"
            return f"{self.url}{prefix}/tree/{quoted}?token={token}"
        return f"{self.url}/notebooks/{quoted}?token={token}"

    # -- lifecycle ------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        env = jupyter_environment(self.base_dir)
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
        for rel, values in USER_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        return env

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            APPS[self.app]["module"],
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.allow_root=True",  # CI runs as root
            *APPS[self.app]["args"],
        ]

    def ready(self) -> bool:
        status = self.api("GET", "/api/status", timeout=2)
        return isinstance(status, dict) and "started" in status

    # -- REST -------------------------------------------------------------------------------

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API with the token; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def shutdown_sessions(self, path: str) -> None:
        """Shut down the kernel(s) of the notebook at *path* (relative to the root dir)."""
        for session in self.api("GET", "/api/sessions") or []:
            if session.get("path") == path:
                with contextlib.suppress(urllib.error.HTTPError):  # already gone
                    self.api("DELETE", f"/api/sessions/{session['id']}")


@dataclass
class VoilaServer(ServerProcess):
    """``voila`` serving its root dir: each page load of :meth:`render_url` runs the notebook
    in a fresh kernel and shows only its outputs, as a standalone app.

    Same throw-away Jupyter dirs and pinned kernel as :class:`JupyterServer`. No token: Voilà
    serves none by default, and the server listens on loopback only.
    """

    app: str = field(default="voila", init=False)

    def environment(self) -> dict[str, str]:
        return jupyter_environment(self.base_dir)

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--Voila.port={self.port}",
            "--Voila.port_retries=0",
            f"--Voila.root_dir={self.root_dir}",
            # a cell that raises shows its traceback on the page (and in a failed test's
            # screenshot) instead of "There was an error when executing cell [n]"
            "--VoilaConfiguration.show_tracebacks=True",
        ]

    def ready(self) -> bool:
        with urllib.request.urlopen(self.url + "/voila/tree", timeout=2) as resp:
            return bool(resp.status == 200)

    def render_url(self, name: str) -> str:
        """The app page of ``root_dir/name``."""
        return f"{self.url}/voila/render/{urllib.parse.quote(name)}"


@dataclass
class MarimoServer(ServerProcess):
    """``marimo run`` (apps, read-only) or ``marimo edit`` over its root dir, with no token.

    ``apps`` are copied into the root dir before the start: ``marimo run`` on a folder serves
    the files it found at start only. The config and cache dirs are throw-away (XDG_*), the
    update check is off (no network), and ``edit`` runs every cell when a notebook opens.
    """

    app: str = field(default="marimo", init=False)
    mode: str = "run"  # or "edit"
    apps: tuple[Path, ...] = ()

    def environment(self) -> dict[str, str]:
        self.root_dir.mkdir(parents=True, exist_ok=True)
        for source in self.apps:
            shutil.copy(source, self.root_dir / source.name)
        xdg = {name: self.base_dir / name for name in ("config", "cache", "state", "data")}
        for path in xdg.values():
            path.mkdir(parents=True, exist_ok=True)
        (xdg["config"] / "marimo").mkdir(exist_ok=True)
        (xdg["config"] / "marimo" / "marimo.toml").write_text(MARIMO_CONFIG)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MARIMO", "XDG_"))}
        env.update(
            XDG_CONFIG_HOME=str(xdg["config"]),
            XDG_CACHE_HOME=str(xdg["cache"]),
            XDG_STATE_HOME=str(xdg["state"]),
            XDG_DATA_HOME=str(xdg["data"]),
            MARIMO_SKIP_UPDATE_CHECK="1",
            PYTHONUNBUFFERED="1",
        )
        return env

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "marimo",
            "--yes",  # never wait on a prompt
            self.mode,
            str(self.root_dir),
            "--headless",
            "--no-token",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-sandbox",
        ]

    def ready(self) -> bool:
        with urllib.request.urlopen(self.url + "/health", timeout=2) as resp:
            return bool(resp.status == 200)

    def app_url(self, name: str, **query: str) -> str:
        """The page of the app (or notebook) ``root_dir/name``, with extra query parameters
        (read by the app with ``mo.query_params()``)."""
        return f"{self.url}/?{urllib.parse.urlencode({'file': name, **query})}"
