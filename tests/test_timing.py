"""The timing helpers the benchmarks and lesson 03 share: what they call, and how they summarise."""

from mistral_course.timing import best_ms, p50_p95, samples_ms


def test_best_ms_warms_up_then_keeps_the_fastest_call():
    calls = []
    best = best_ms(calls.append, "x", repeats=4)
    assert calls == ["x"] * 5 and best >= 0  # one warm-up call, then four timed ones, each with the arguments


def test_samples_and_percentiles():
    assert len(samples_ms(lambda: None, 7)) == 7
    assert p50_p95([5.0, 1.0, 3.0, 2.0, 4.0]) == (3.0, 4.0)
    assert p50_p95([float(i) for i in range(1, 101)]) == (50.5, 95.0)
