"""Timing helpers the benchmark scripts share: samples in milliseconds, and their p50 and p95."""

from __future__ import annotations

import statistics
import time


def samples_ms(fn, repeats: int) -> list[float]:
    """Call fn `repeats` times and time each call."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
