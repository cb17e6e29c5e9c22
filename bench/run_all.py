"""Benchmark lime_widget against lime 0.2.0.1 in the same run and print one table of ratios.

Usage (from the repository root)::

    make bench
    PYTHONPATH=. .venv/bin/python bench/run_all.py [--quick] [--profile] [--only KEY ...]

Ratios are the figures of record: absolute times drift on shared machines, but
lime and ours are measured interleaved in the same process, so their ratio is stable.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

# lime's image sampler wraps its loop in tqdm; a progress bar costs lime time and clutters
# the output, so switch it off (this can only make lime faster).
os.environ.setdefault("TQDM_DISABLE", "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(HERE), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_batch  # noqa: E402
import bench_first  # noqa: E402
import bench_overlap  # noqa: E402
import bench_refit  # noqa: E402
import bench_stability  # noqa: E402
from _timing import Row, environment, load_average, print_table  # noqa: E402

KEYS = [
    "tab6",
    "tab10",
    "text",
    "image",
    "refit",
    "latency",
    "diag_speed",
    "stability",
    "until_stable",
    "batch",
    "overlap",
]


def profile(label: str, fn: object, n: int = 3, top: int = 25) -> None:
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        fn()  # type: ignore[operator]
    prof.disable()
    print(f"\n=== cProfile of ours: {label} ({n} runs), top {top} by cumulative time ===")
    pstats.Stats(prof).strip_dirs().sort_stats("cumulative").print_stats(top)


def latency_row(moves: int) -> Row:
    """Slider input -> chart updated in a real page (needs Debian's chromium: make browser)."""
    import bench_latency
    import numpy as np

    latencies = bench_latency.measure(moves)
    p50, p95 = np.percentile(latencies, [50, 95])
    return Row(
        target="3 slider input -> chart updated, kernel width, n=5000",
        what=f"real JupyterLab page, {len(latencies)} moves; p95 (p50 {p50:.0f} ms)",
        lime_ms=float("nan"),
        ours_ms=float(p95),
        ratio=None,
        goal="p95 <= 100 ms",
        passed=bool(p95 <= 100),
        model_ms="0 (refit)",
        same="-",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 repeats: a smoke test")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per case")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the table, cProfile our side of every target that MISSes",
    )
    parser.add_argument("--profile-all", action="store_true", help="cProfile every target")
    parser.add_argument("--only", nargs="+", choices=KEYS, help="run only these cases")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="limit BLAS/OpenMP threads (threadpoolctl) for both sides, e.g. 1 for a diagnosis",
    )
    args = parser.parse_args()
    if args.blas_threads is not None:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=args.blas_threads):
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> int:
    repeats = args.repeats or (2 if args.quick else 7)
    keys = args.only or KEYS
    warnings.filterwarnings("ignore")  # convergence chatter etc. must not pollute the table

    print("lime_widget vs lime 0.2.0.1 benchmark")
    print("environment:", environment())
    if args.blas_threads is not None:
        print(f"BLAS/OpenMP threads limited to {args.blas_threads} (--blas-threads)")
    print(
        f"repeats: {repeats} timed (+1 warm-up) per case, lime and ours interleaved, medians; "
        f"{'QUICK (smoke test) ' if args.quick else ''}"
        "ratio = lime / ours"
    )
    start = time.perf_counter()
    rows: list[Row] = []
    profilers: dict[str, tuple[str, object]] = {}
    for case in bench_first.all_cases():
        if case.key not in keys:
            continue
        print(f"  running {case.target} ...", flush=True)
        row = bench_first.run_case(case, repeats)
        rows.append(row)

        def ours_once(case: bench_first.Case = case) -> None:
            from _timing import ModelTimer

            case.ours_prepare()(ModelTimer(case.model))

        profilers[row.target] = (case.target, ours_once)
    if "refit" in keys:
        print("  running refit ...", flush=True)
        refit_rows, refit_profile = bench_refit.run(repeats)
        rows.extend(refit_rows)
        for r in refit_rows:
            profilers[r.target] = ("refit sweep of 30 widths x5", refit_profile)
    if "diag_speed" in keys:
        print("  running bootstrap + sweep speed ...", flush=True)
        rows.append(bench_stability.speed_row(repeats))
    if "stability" in keys:
        print("  running stability figure vs 10 seeds (about a minute) ...", flush=True)
        rows.extend(bench_stability.stability_rows(n_instances=30 if args.quick else None))
    if "until_stable" in keys:
        print("  running until stable (about two minutes) ...", flush=True)
        rows.extend(bench_stability.until_stable_rows(n_instances=3 if args.quick else 10))
    if "batch" in keys:
        print("  running explain_many and submodular pick (about two minutes) ...", flush=True)
        rows.extend(bench_batch.run(min(repeats, 3)))
    if "overlap" in keys:
        n_images = bench_overlap.QUICK_IMAGES if args.quick else bench_overlap.N_IMAGES
        print(
            f"  running explain_many over {n_images} images vs lime's loop "
            "(lime takes about 2 s an image) ...",
            flush=True,
        )
        rows.extend(bench_overlap.run(n_images, no_overlap=not args.quick))
    if "latency" in keys:
        print("  running latency (JupyterLab + Chromium) ...", flush=True)
        rows.append(latency_row(moves=10 if args.quick else 40))
    elapsed = time.perf_counter() - start
    print()
    print_table(rows)
    misses = [r for r in rows if not r.passed]
    print(
        f"\n{len(rows) - len(misses)}/{len(rows)} targets met; bench took {elapsed:.0f} s "
        f"({load_average()} at the end). "
        "Model time is excluded from 1a-1d (timer around predict_fn, subtracted for both)."
    )
    if args.profile or args.profile_all:
        chosen = rows if args.profile_all else misses
        seen = set()
        for r in chosen:
            label, fn = profilers[r.target]
            if label in seen:
                continue
            seen.add(label)
            profile(label, fn)
    return 0


if __name__ == "__main__":
    sys.exit(main())
