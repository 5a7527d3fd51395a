"""What `python -m mistral_course lab|test|check|install` does (and `make lab`/`make test`, which call it).

Standard library only, like environment.py: the first run has nothing installed yet. `test` runs the
steps in TEST_STEPS in order and stops at the first that fails; a new kind of test is one more entry there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import environment
from .environment import ROOT, run

NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg"]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, which tests/browser drives
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
BROWSER_MISSING = ("The browser test (tests/browser: every notebook in JupyterLab, in Chromium) did not run: "
                   "install Chromium and an emoji font (sudo apt-get install chromium fonts-noto-color-emoji), "
                   "then run `python -m mistral_course test browser`")


def offline() -> dict[str, str]:
    """The notebooks' committed outputs are the offline backend's, so the tests always run offline."""
    return {**os.environ, "MISTRAL_BACKEND": "offline"}


def unit_and_notebooks(venv_python: Path) -> None:
    """Every unit test, then every notebook re-executed and compared with its committed outputs."""
    run(venv_python, "-m", "pytest", "tests", "notebooks", *NBVAL, "--ignore=tests/browser", env=offline())


def browser_installed() -> bool:
    """Chromium and an emoji font; installed here with apt when running as root (as CI does)."""
    if CHROMIUM.exists() and EMOJI_FONT.exists():
        return True
    if getattr(os, "getuid", lambda: -1)() != 0 or not shutil.which("apt-get"):
        return False
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return (subprocess.run(["apt-get", "update", "-qq"], **quiet).returncode == 0 and subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-color-emoji"], env=apt, **quiet).returncode == 0)


def browser(venv_python: Path) -> None:
    """The Binder environment, built as Binder builds it, runs JupyterLab, and Chromium opens every notebook in it.
    Without Chromium this says in one line what did not run; under CI=true that fails the run."""
    if not browser_installed():
        if os.environ.get("CI") == "true":
            print(BROWSER_MISSING + " (CI: failing)", flush=True)
            raise SystemExit(1)
        print(BROWSER_MISSING + ".", flush=True)
        return
    environment.ensure_binder()
    run(venv_python, "-m", "pytest", "tests/browser", "-p", "no:nbval",
        env={**os.environ, "BINDER_VENV": str(environment.BINDER_VENV)})


def rehearse(venv_python: Path) -> None:
    """Live mode rehearsed: lessons 01, 02 and 05 on the local backend against the offline API at one request a second."""
    run(venv_python, "-m", "mistral_course.rehearse")


def classroom_tests(venv_python: Path) -> None:
    """The classroom on loopback: JupyterHub, its proxy and the key gateway; lesson 00 in a learner's server; 30
    learners for 30 s; the upstream down, the gateway restarted, a learner leaving mid-stream; the key nowhere."""
    environment.ensure_classroom()
    run(venv_python, "-m", "pytest", "tests/classroom", "-p", "no:nbval", env={**os.environ, "CLASSROOM_TESTS": "1"})


# What `test` runs, in order, each given the course environment's Python; `test NAME...` runs only those.
TEST_STEPS = {
    "unit": unit_and_notebooks,
    "browser": browser,
    "rehearse": rehearse,
    "classroom": classroom_tests,
}
# run by a plain `test` under CI=true only; by name, always
CI_ONLY = {"rehearse": "about 8 minutes", "classroom": "about 3 minutes"}


def lab(args: list[str]) -> None:
    venv_python = environment.ensure_course()
    root = ["--allow-root"] if getattr(os, "getuid", lambda: -1)() == 0 else []
    run(venv_python, "-m", "jupyterlab", "notebooks", *root, *args)


def test(names: list[str]) -> None:
    unknown = [n for n in names if n not in TEST_STEPS]
    if unknown:
        raise SystemExit(f"No test step {', '.join(unknown)}; the steps are: {', '.join(TEST_STEPS)}")
    venv_python = environment.ensure_course()
    for name in names or TEST_STEPS:
        if not names and name in CI_ONLY and os.environ.get("CI") != "true":
            print(f"== test {name}: skipped ({CI_ONLY[name]}; CI runs it): python -m mistral_course test {name}",
                  flush=True)
            continue
        print(f"== test {name}: {TEST_STEPS[name].__doc__.splitlines()[0]}", flush=True)
        TEST_STEPS[name](venv_python)


def classroom(args: list[str]) -> None:
    """JupyterHub for a room on this machine, with the key gateway (classroom/jupyterhub_config.py, INSTRUCTORS.md);
    `classroom install` only installs it."""
    venv_python = environment.ensure_classroom()
    if args[:1] == ["install"]:
        return
    path = os.pathsep.join([str(venv_python.parent), os.environ.get("PATH", "")])
    run(environment.program(environment.COURSE_VENV, "jupyterhub"), "-f", ROOT / "classroom" / "jupyterhub_config.py",
        *args, env={**os.environ, "PATH": path})


def check(args: list[str]) -> None:
    """The environment check, run in the course's environment (which it does not install)."""
    venv_python = environment.python(environment.COURSE_VENV)
    if not venv_python.exists():
        raise SystemExit("No .venv yet: run `python -m mistral_course lab` first.")
    run(venv_python, "-m", "mistral_course.check", *args)


def install(args: list[str]) -> None:
    environment.ensure_course()


COMMANDS = {"lab": lab, "test": test, "check": check, "install": install, "classroom": classroom}
USAGE = """usage: python -m mistral_course lab | test [STEP...] | check | install | classroom

  lab      install the course into .venv on first use, then open JupyterLab on notebooks/
  test     the same environment, then every test: steps {steps}
  check    OK or FAIL for each package the course needs, and the backend in use
  install  only install the course into .venv, or bring it up to date
  classroom  JupyterHub for a room on this machine, with the key gateway (INSTRUCTORS.md)"""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(USAGE.format(steps=", ".join(TEST_STEPS)), file=sys.stderr)
        return 2
    problem = environment.unsupported()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        COMMANDS[argv[0]](argv[1:])
    except KeyboardInterrupt:
        return 130
    return 0
