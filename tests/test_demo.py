"""``make demo`` starts JupyterLab for root and non-root alike (this suite runs as both)."""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_demo_server_command_answers(tmp_path: Path) -> None:
    command = subprocess.run(
        ["make", "-s", "demo-command"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert "jupyter lab" in command
    assert "--ip=127.0.0.1" in command
    port = _free_port()
    args = [*shlex.split(command), f"--port={port}", "--IdentityProvider.token=", "--no-browser"]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path)}
    server = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2) as r:
                    status = r.status
                break
            except OSError:
                time.sleep(0.5)
        if server.poll() is not None:
            output = server.stdout.read() if server.stdout else ""
            pytest.fail(f"the demo server exited with {server.returncode}:\n{output[-2000:]}")
        assert status == 200
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
