"""Start and stop a real Jupyter server (JupyterLab 4 or Notebook 7) for browser tests.

Each server runs the venv's own ``jupyter lab`` / ``jupyter notebook`` in a throw-away
environment: its own root dir, config, data, runtime, settings and workspaces dirs, so nothing
from the developer's ``~/.jupyter`` leaks in and nothing the tests do leaks out. The kernel is
``python3`` pinned to ``sys.executable`` (the venv's python, where ``lime_widget`` is installed
editable).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
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

START_TIMEOUT_S = float(os.environ.get("LW_E2E_SERVER_TIMEOUT", "90"))
STOP_TIMEOUT_S = 15.0


class ServerStartError(RuntimeError):
    """The server exited or did not answer ``/api/status`` in time."""


def free_port() -> int:
    """A TCP port that was free a moment ago (the server is told not to retry others)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class JupyterServer:
    """A running ``jupyter lab`` / ``jupyter notebook`` process and how to talk to it."""

    app: str  # "lab" or "notebook7"
    base_dir: Path  # everything of this server lives under here
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def root_dir(self) -> Path:
        """Where notebooks go (``--ServerApp.root_dir``)."""
        return self.base_dir / "root"

    @property
    def log_path(self) -> Path:
        """Server stdout+stderr, kernels' stderr included."""
        return self.base_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

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

    def _prepare_dirs(self) -> dict[str, str]:
        dirs = {
            name: self.base_dir / name
            for name in ("root", "config", "data", "runtime", "settings", "workspaces", "ipython")
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        # Pin the kernel to this interpreter: exactly the kernelspec `ipykernel install` writes
        # (protocol 5.5, so subshells are on), with argv[0] = sys.executable. The data dir
        # comes first in JUPYTER_PATH, so this "python3" wins over any other.
        write_kernel_spec(dirs["data"] / "kernels" / "python3")
        for rel, values in USER_SETTINGS.items():
            path = dirs["settings"] / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
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

    def start(self, attempts: int = 3) -> None:
        """Start the server and block until ``/api/status`` answers (or raise)."""
        env = self._prepare_dirs()
        for attempt in range(1, attempts + 1):
            self.port = free_port()
            cmd = [
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
                msg = f"jupyter {self.app} exited with {code}; log {self.log_path}:\n"
                raise ServerStartError(msg + self.log_tail())
            try:
                status = self.api("GET", "/api/status", timeout=2)
                if isinstance(status, dict) and "started" in status:
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            if time.monotonic() > deadline:
                msg = (
                    f"jupyter {self.app} did not answer /api/status within {START_TIMEOUT_S:.0f} s;"
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

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        # Lines are cut: a failing node call can dump a whole minified bundle on one line.
        return "\n".join(line[:400] for line in text.splitlines()[-lines:])
