"""The sdist and wheel carry the built JS bundle, so installing from PyPI needs no Node."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: what `npm run build` writes and every wheel must carry (pyproject's ensured-targets)
BUILT = ("widget.js", "widget.css", "offline.js", "gallery.js", "gallery.css", "gallery-page.js")
BUNDLE = ROOT / "lime_widget" / "static" / "widget.js"


def _build(kind: str, source: Path, outdir: Path) -> Path:
    """Run ``python -m build --<kind>`` on *source* and return the single artifact."""
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE.relative_to(ROOT)} is missing; run `make js` first.")
    # The build hook must run (it checks ensured-targets); no isolation, so no download.
    env = {k: v for k, v in os.environ.items() if k != "SKIP_JUPYTER_BUILDER"}
    cmd = [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(outdir)]
    result = subprocess.run(
        [*cmd, str(source)], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pattern = "*.whl" if kind == "wheel" else "*.tar.gz"
    (artifact,) = outdir.glob(pattern)
    return artifact


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_contains_bundle_and_typing_marker(tmp_path: Path) -> None:
    names = _wheel_names(_build("wheel", ROOT, tmp_path))

    expected = {
        "lime_widget/__init__.py",
        "lime_widget/py.typed",
        *(f"lime_widget/static/{name}" for name in BUILT),
    }
    assert expected <= names
    assert not any(n.startswith(("js/", "tests/", "node_modules/")) for n in names)


def test_sdist_contains_bundle_and_js_sources(tmp_path: Path) -> None:
    sdist = _build("sdist", ROOT, tmp_path / "sdist")

    with tarfile.open(sdist) as tf:
        tf.extractall(tmp_path / "src", filter="data")
        # Drop the leading "lime_widget-<version>/" directory.
        names = {m.name.partition("/")[2] for m in tf.getmembers()}
    expected = {
        *(f"lime_widget/static/{name}" for name in BUILT),
        "js/widget.ts",
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "pyproject.toml",
    }
    assert expected <= names
    assert not any(n.startswith(("node_modules/", ".venv/")) for n in names)

    # pip builds the wheel from the sdist; the shipped bundle must make that work without npm.
    (unpacked,) = (tmp_path / "src").iterdir()
    wheel = _build("wheel", unpacked, tmp_path / "wheel")
    assert {f"lime_widget/static/{name}" for name in BUILT} <= _wheel_names(wheel)
