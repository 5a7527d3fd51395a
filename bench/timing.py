"""The benchmark scripts' timing helpers: they live in the course package, which lesson 03 uses too."""

from mistral_course.timing import best_ms, p50_p95, samples_ms  # noqa: F401  (re-exported for the scripts)
