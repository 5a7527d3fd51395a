"""The course's virtual environments: where their programs are on each system, and how they are installed.

Standard library only: it runs from the Python that creates the environment, before anything is installed.
An environment is (re)installed when its stamp file is older than a file it is built from, so later runs
start at once.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .paths import ROOT

COURSE_VENV = ROOT / ".venv"
BINDER_VENV = ROOT / "build" / "binder-venv"
SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13))  # tests/test_platforms.py resolves the requirements for these
TROUBLE = "README.md, 'When the set-up fails', says what to try next (the environment check, Binder)."


def program(venv: Path, name: str) -> Path:
    """A program of a virtual environment: .venv/bin/NAME, or .venv\\Scripts\\NAME.exe on Windows."""
    return venv / "Scripts" / f"{name}.exe" if os.name == "nt" else venv / "bin" / name


def python(venv: Path) -> Path:
    return program(venv, "python")


def stale(stamp: Path, sources: list[Path]) -> bool:
    """Whether an environment must be (re)installed: no stamp, or a source file changed since it was made."""
    return not stamp.exists() or any(s.stat().st_mtime > stamp.stat().st_mtime for s in sources)


def unsupported() -> str | None:
    """Why this computer cannot install the course's pinned packages, or None."""
    if sys.version_info[:2] < SUPPORTED_PYTHONS[0]:
        return (f"The course needs Python 3.11 to 3.13; this is Python {platform.python_version()}. "
                "Run the command again with a newer Python (on Windows: py -3.11 -m mistral_course ...).")
    if sys.platform == "darwin":
        major = int((platform.mac_ver()[0] or "0").split(".")[0])
        if platform.machine() != "arm64" or major < 14:
            return ("torch 2.13, which the course pins, has macOS wheels only for Apple silicon (arm64) on "
                    f"macOS 14 or newer; this Mac is {platform.machine()} on macOS {platform.mac_ver()[0]}. "
                    "Use the course on Binder (the README's badge), or on a Linux or Windows computer.")
    return None


def reachable(url: str) -> str | None:
    """None if an index answers, else why not, in a few words."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=15):
            return None
    except (urllib.error.URLError, OSError) as exc:
        return str(getattr(exc, "reason", exc))


def requirements_to_install(requirements: Path) -> Path:
    """The requirements file itself, or, when an extra index it names cannot be reached, a copy without it.

    pip would otherwise retry that index for every package before giving up on it. PyTorch's CPU index is the
    only extra index: without it, `torch==...+cpu` can still come from a local wheel (pip's find-links), as on
    the course's own machines.
    """
    lines = requirements.read_text().splitlines()
    dropped = []
    for line in lines:
        if line.startswith("--extra-index-url"):
            url = line.split(maxsplit=1)[1]
            problem = reachable(url)
            if problem:
                print(f"{url} is unreachable ({problem}): installing without it, so torch's CPU build must be "
                      "a local wheel here.", flush=True)
                dropped.append(line)
    if not dropped:
        return requirements
    copy = ROOT / "build" / "-".join(requirements.relative_to(ROOT).parts)  # binder-requirements.txt
    copy.parent.mkdir(exist_ok=True)
    copy.write_text("\n".join(line for line in lines if line not in dropped) + "\n")
    return copy


def run(*command, **kwargs) -> None:
    """Run one command; stop the whole set-up with its exit code if it fails."""
    print("+ " + " ".join(str(c) for c in command), flush=True)
    done = subprocess.run([str(c) for c in command], cwd=ROOT, **kwargs)
    if done.returncode:
        raise SystemExit(done.returncode)


def create(venv: Path) -> None:
    if not python(venv).exists():
        run(sys.executable, "-m", "venv", venv)
    run(python(venv), "-m", "pip", "install", "--quiet", "--upgrade", "pip")


def install_requirements(venv: Path, requirements: Path) -> None:
    run(python(venv), "-m", "pip", "install", "--quiet", "-r", requirements_to_install(requirements))


def install_course(venv: Path) -> None:
    """What binder/postBuild does on Binder, in Python so that it also runs where there is no bash (Windows):
    the course's package, editable, and JupyterLab's classroom defaults (binder/overrides.json)."""
    run(python(venv), "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)
    settings = venv / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "binder" / "overrides.json", settings / "overrides.json")


LLAMA_MISSING = "llama-cpp-python could not be built here: lesson 08 needs it; lessons 00-07 run as usual."


def install_llama(venv: Path) -> None:
    """Lesson 08's llama.cpp (requirements-llama.txt), as binder/postBuild installs it: compiled here, portable
    (GGML_NATIVE=OFF). A computer that cannot compile it carries on with one line; CI must have it."""
    command = [python(venv), "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements-llama.txt"]
    print("+ " + " ".join(str(c) for c in command) + "   (compiles llama.cpp: minutes, the first time)", flush=True)
    env = {**os.environ, "CMAKE_ARGS": "-DGGML_NATIVE=OFF"}
    if subprocess.run([str(c) for c in command], cwd=ROOT, env=env).returncode:
        if os.environ.get("CI") == "true":
            raise SystemExit(1)
        print(LLAMA_MISSING, file=sys.stderr, flush=True)


# The course's environment (.venv), in order: each step is one function of the venv. A new step goes here,
# and a file it reads goes in COURSE_SOURCES, so that a change to it reinstalls.
COURSE_STEPS = [
    create,
    lambda venv: install_requirements(venv, ROOT / "requirements.txt"),
    install_course,
    install_llama,
]
COURSE_SOURCES = [ROOT / "requirements.txt", ROOT / "pyproject.toml", ROOT / "binder" / "overrides.json",
                  ROOT / "requirements-llama.txt"]

# Binder's environment, built the way Binder builds it: binder/requirements.txt alone, then binder/postBuild
# (which installs requirements-llama.txt too).
BINDER_SOURCES = [ROOT / "binder" / name for name in ("requirements.txt", "postBuild", "overrides.json")] + [
    ROOT / "requirements-llama.txt"]


def ensure_course() -> Path:
    """The course's environment, installed or brought up to date; returns its Python."""
    stamp = COURSE_VENV / ".installed"
    if stale(stamp, COURSE_SOURCES):
        print("Installing the course's packages into .venv (the first time takes a while: README.md, Set-up).",
              flush=True)
        try:
            for step in COURSE_STEPS:
                step(COURSE_VENV)
        except SystemExit:
            print(f"The installation failed. {TROUBLE}", file=sys.stderr, flush=True)
            raise
        stamp.touch()
    return python(COURSE_VENV)


def ensure_classroom() -> Path:
    """The course's environment plus the classroom's: JupyterHub (classroom/requirements.txt) and its proxy,
    configurable-http-proxy, from npm (`npm ci`, as JupyterHub's documentation installs it); returns its Python."""
    venv_python = ensure_course()
    stamp = COURSE_VENV / ".classroom"
    classroom = ROOT / "classroom"
    if stale(stamp, [classroom / "requirements.txt", classroom / "package-lock.json", COURSE_VENV / ".installed"]):
        npm = shutil.which("npm")
        if npm is None and getattr(os, "getuid", lambda: -1)() == 0 and shutil.which("apt-get"):
            apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            run("apt-get", "update", "-qq")
            run("apt-get", "install", "-y", "-qq", "nodejs", "npm", env=apt, stdout=subprocess.DEVNULL)
            npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("The classroom's proxy needs Node.js and npm: install them "
                             "(for example sudo apt-get install nodejs npm), then run the command again.")
        install_requirements(COURSE_VENV, classroom / "requirements.txt")
        run(npm, "ci", "--prefix", classroom, "--no-audit", "--no-fund", "--loglevel=error")
        stamp.touch()
    return venv_python


def ensure_binder() -> Path:
    """Binder's environment in build/binder-venv, rebuilt from scratch when a Binder file changed."""
    stamp = BINDER_VENV / ".installed"
    if stale(stamp, BINDER_SOURCES):
        shutil.rmtree(BINDER_VENV, ignore_errors=True)
        create(BINDER_VENV)
        install_requirements(BINDER_VENV, ROOT / "binder" / "requirements.txt")
        path = f"{python(BINDER_VENV).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        run("bash", ROOT / "binder" / "postBuild", env={**os.environ, "PATH": path})
        stamp.touch()
    return python(BINDER_VENV)
