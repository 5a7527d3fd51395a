"""Timing on this machine, for the benchmarks (`make bench`) and lesson 03: milliseconds per call,
the best of a few calls, and the p50 and p95 of many."""

from __future__ import annotations

import statistics
import time


def samples_ms(fn, repeats: int, *args) -> list[float]:
    """Call fn(*args) `repeats` times and time each call, in milliseconds."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - start) * 1000)
    return out


def best_ms(fn, *args, repeats: int = 3) -> float:
    """The fastest of `repeats` calls of fn(*args), in milliseconds, after one call to warm up."""
    fn(*args)
    return min(samples_ms(fn, repeats, *args))


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
