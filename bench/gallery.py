"""The gallery with 1,000 cards in a real JupyterLab page in headless Chromium.

Starts JupyterLab on 127.0.0.1 and runs a cell that makes ``explainer.gallery`` over
1,000 iris-like rows (a logistic regression, ``num_samples=60``). Measures, with the
page's own clock:

- **time to first card**: from the moment the cell is sent to the kernel to the first
  card in the DOM (kernel start-up excluded: the kernel has run a cell before);
- **time to all cards**: to 1,000 cards in the grid, and to every stability assessed;
- **scroll frame time**: the grid scrolled from top to bottom in ``--steps`` frames
  (one ``scrollTop`` step per animation frame); the intervals between frames, against
  the same page's idle frame interval measured just before (the reference: the ratio
  says how much scrolling 1,000 cards costs on top of an idle frame).

Usage (from the repository root)::

    .venv/bin/python bench/gallery.py [--rows 1000] [--steps 240]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.helpers import (  # noqa: E402
    INIT_SCRIPT,
    open_notebook,
    run_all_cells,
    start_code,
    wait_attr,
    wait_cell,
    write_notebook,
)
from tests.e2e.server import JupyterServer  # noqa: E402

SETUP = """
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
import lime_widget as lw

X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=500).fit(X, y)
explainer = lw.LimeTabularExplainer(X, class_names=["setosa", "versicolor", "virginica"],
                                    random_state=0)
rs = np.random.RandomState(0)
rows = X[rs.randint(0, len(X), ROWS)] + rs.normal(scale=0.05, size=(ROWS, 4))
"""
GALLERY = "g = explainer.gallery(rows, model.predict_proba, num_samples=60, num_features=2)\ng"

WATCH = """() => {
  window.__lwFirstCard = null;
  const observer = new MutationObserver(() => {
    if (window.__lwFirstCard === null && document.querySelector('.lw-card') !== null) {
      window.__lwFirstCard = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return performance.now();
}"""

FRAMES = """async ([steps, scroll]) => {
  const el = document.querySelector('[data-testid="lw-gallery-grid"]');
  const stamps = [];
  const rendered = [];
  const work = [];
  const stride = (el.scrollHeight - el.clientHeight) / steps;
  await new Promise((done) => {
    let i = 0;
    const frame = (t) => {
      stamps.push(t);
      rendered.push(document.querySelectorAll('.lw-card').length);
      work.push(Number(el.dataset.renderMs ?? 0));
      if (scroll) { el.scrollTop = Math.round(stride * i); }
      i += 1;
      if (i <= steps) { requestAnimationFrame(frame); } else { done(); }
    };
    requestAnimationFrame(frame);
  });
  const gaps = stamps.slice(1).map((t, k) => t - stamps[k]);
  const bottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
  return { gaps, work, maxRendered: Math.max(...rendered), bottom };
}"""


def measure(rows: int, steps: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        server = JupyterServer("lab", Path(tmp))
        server.start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.add_init_script(path=str(INIT_SCRIPT))
                page = context.new_page()
                path = write_notebook(
                    server.root_dir, "gallery", [SETUP.replace("ROWS", str(rows))]
                )
                open_notebook(page, server.notebook_url(path, workspace="bench"), path)
                run_all_cells(page, timeout=120_000)
                t0 = page.evaluate(WATCH)
                cell = start_code(page, GALLERY)
                page.wait_for_function("() => window.__lwFirstCard !== null", timeout=120_000)
                first = page.evaluate("() => window.__lwFirstCard") - t0
                wait_attr(page, "lw-gallery", "data-cards", str(rows), timeout=300_000)
                all_cards = page.evaluate("() => performance.now()") - t0
                wait_attr(page, "lw-gallery", "data-assessing", "0", timeout=300_000)
                assessed = page.evaluate("() => performance.now()") - t0
                wait_cell(page, cell)
                idle = page.evaluate(FRAMES, [60, False])
                scrolled = page.evaluate(FRAMES, [steps, True])
                browser.close()
        finally:
            server.stop()
    idle_gap = float(np.median(idle["gaps"]))
    gaps = np.asarray(scrolled["gaps"])
    work = np.asarray(scrolled["work"][1:])
    return {
        "first": first,
        "all": all_cards,
        "assessed": assessed,
        "idle": idle_gap,
        "p50": float(np.percentile(gaps, 50)),
        "p95": float(np.percentile(gaps, 95)),
        "max": float(gaps.max()),
        "work50": float(np.percentile(work, 50)),
        "work95": float(np.percentile(work, 95)),
        "workmax": float(work.max()),
        "rendered": float(scrolled["maxRendered"]),
        "bottom": float(scrolled["bottom"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=240)
    args = parser.parse_args()
    m = measure(args.rows, args.steps)
    print(f"gallery of {args.rows} tabular cards (iris, logistic regression, num_samples=60)")
    print(f"| time to first card | {m['first']:.0f} ms |")
    print(f"| time to all {args.rows} cards | {m['all']:.0f} ms |")
    print(f"| time to every stability assessed | {m['assessed']:.0f} ms |")
    print(
        f"| scroll frame time ({args.steps} frames, top to bottom) | p50 {m['p50']:.1f} ms | "
        f"p95 {m['p95']:.1f} ms | max {m['max']:.1f} ms | idle frame {m['idle']:.1f} ms | "
        f"p95 / idle {m['p95'] / m['idle']:.2f} |"
    )
    print(
        f"| the grid's own render per frame (JS, DOM updates) | p50 {m['work50']:.1f} ms | "
        f"p95 {m['work95']:.1f} ms | max {m['workmax']:.1f} ms |"
    )
    print(
        f"| cards in the DOM while scrolling | at most {m['rendered']:.0f} of {args.rows} | "
        f"reached the bottom: {bool(m['bottom'])} |"
    )


if __name__ == "__main__":
    main()
