"""Execute the course's notebooks with papermill into build/notebooks/ (what `make run` does).

    python -m mistral_course.run                       # offline, every notebook
    MISTRAL_BACKEND=mistral MISTRAL_TOKEN_BUDGET=200000 python -m mistral_course.run   # the real API, budgeted
    python -m mistral_course.run 07 -p WINDOW=3        # one notebook, one parameter changed

Parameters are set in each notebook's cell tagged `parameters`; the committed notebooks stay untouched.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from pathlib import Path

from .paths import ROOT

NOTEBOOKS = ROOT / "notebooks"


def run_notebook(path: Path, out_dir: Path, parameters: dict | None = None) -> Path:
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / path.name
    papermill.execute_notebook(str(path), str(output), parameters=parameters or {}, kernel_name="python3",
                               cwd=str(path.parent), progress_bar=False, log_output=False)
    return output


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.run", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="notebook number prefixes to run, e.g. 00 05 (default: all)")
    parser.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="override a value of the parameters cell (a Python literal)")
    parser.add_argument("--out", default=str(ROOT / "build" / "notebooks"))
    args = parser.parse_args(argv)
    parameters = {}
    for item in args.parameter:
        name, _, value = item.partition("=")
        try:
            parameters[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parameters[name] = value
    paths = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not args.only or p.name[:2] in args.only)
    backend = os.environ.get("MISTRAL_BACKEND", "offline")
    print(f"Running {len(paths)} notebook(s) on the {backend} backend into {args.out}")
    failed = 0
    for path in paths:
        start = time.perf_counter()
        try:
            run_notebook(path, Path(args.out), parameters)
            print(f"  ok     {path.name} ({time.perf_counter() - start:.0f} s)")
        except Exception as exc:  # report and carry on with the next notebook
            failed += 1
            print(f"  FAILED {path.name}: {str(exc).strip().splitlines()[-1][:160]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
