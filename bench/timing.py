"""Timing helpers the benchmark scripts share: samples in milliseconds, and their p50 and p95."""

from __future__ import annotations

import statistics
import time


def samples_ms(fn, repeats: int, *args_cycle) -> list[float]:
    """Run fn `repeats` times (with the next of args_cycle's values, if given) and time each call."""
    out = []
    for i in range(repeats):
        args = (args_cycle[i % len(args_cycle)],) if args_cycle else ()
        start = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - start) * 1000)
    return out


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
