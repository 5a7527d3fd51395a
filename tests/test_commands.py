"""`python -m mistral_course lab|test`: one implementation for make and Windows, its environments, their rebuilds."""

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mistral_course import commands, environment

ROOT = Path(__file__).resolve().parents[1]


def test_the_binder_environment_is_rebuilt_only_when_binder_files_change(tmp_path):
    sources = {path: tmp_path / path.relative_to(ROOT) for path in environment.BINDER_SOURCES}
    for copy in [*sources.values(), tmp_path / "requirements.txt", tmp_path / "pyproject.toml"]:
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.touch()
    stamp = tmp_path / "build" / "binder-venv" / ".installed"
    assert environment.stale(stamp, list(sources.values()))  # never built
    stamp.parent.mkdir(parents=True)
    stamp.touch()
    later = stamp.stat().st_mtime + 10
    os.utime(stamp, (later, later))
    assert not environment.stale(stamp, list(sources.values()))
    assert {p.name for p in sources} == {"requirements.txt", "postBuild", "overrides.json", "requirements-llama.txt"}
    assert ROOT / "requirements.txt" not in environment.BINDER_SOURCES  # the course's own: no Binder rebuild
    for original, copy in sources.items():
        os.utime(stamp, (later + 10, later + 10))
        os.utime(copy, (later + 20, later + 20))
        assert environment.stale(stamp, list(sources.values())), f"a change to {original.name} must rebuild it"


def test_the_course_environment_is_reinstalled_when_its_requirements_change():
    assert {ROOT / "requirements.txt", ROOT / "pyproject.toml", ROOT / "requirements-llama.txt"} <= set(
        environment.COURSE_SOURCES)


def test_llama_cpp_that_cannot_be_built_stops_only_ci(tmp_path, monkeypatch, capsys):
    """Lesson 08's compiled dependency: outside CI a failed build is one line and the set-up goes on."""
    (tmp_path / "requirements-llama.txt").write_text("no-such-course-package-17==0.0.1\n")
    venv = tmp_path / "venv"
    environment.python(venv).parent.mkdir(parents=True)
    environment.python(venv).symlink_to(sys.executable)
    monkeypatch.setattr(environment, "ROOT", tmp_path)
    monkeypatch.setenv("CI", "")
    environment.install_llama(venv)
    assert environment.LLAMA_MISSING in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SystemExit):
        environment.install_llama(venv)


def test_programs_of_an_environment_on_windows_and_elsewhere(monkeypatch):
    venv = Path("course") / ".venv"
    assert environment.python(venv) == venv / "bin" / "python"
    monkeypatch.setattr(environment.os, "name", "nt")
    assert environment.python(venv) == venv / "Scripts" / "python.exe"


@pytest.mark.skipif(not shutil.which("make"), reason="needs GNU make")
@pytest.mark.parametrize("target, command", [("lab", "lab"), ("test", "test"), ("test-binder", "test browser")])
def test_make_calls_the_same_commands(target, command):
    outside_make = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    shown = subprocess.run(["make", "--no-print-directory", "-n", target, "PYTHON=python"], cwd=ROOT,
                           capture_output=True, text=True, env=outside_make)  # as when make test runs this test
    assert shown.stdout.splitlines() == [f"python -m mistral_course {command}"]


def test_every_test_step_says_what_it_runs_and_an_unknown_step_is_named(capsys):
    assert list(commands.TEST_STEPS)[:2] == ["unit", "browser"]
    assert all(step.__doc__ for step in commands.TEST_STEPS.values())
    with pytest.raises(SystemExit, match="No test step lint; the steps are: unit, browser, rehearse, classroom"):
        commands.test(["lint"])
    assert commands.main([]) == 2 and "python -m mistral_course lab" in capsys.readouterr().err


def test_the_live_mode_rehearsal_runs_under_ci_or_by_name_only(monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(environment, "ensure_course", lambda: Path(sys.executable))
    monkeypatch.setattr(commands, "TEST_STEPS", {name: (lambda python, name=name: ran.append(name))
                                                 for name in commands.TEST_STEPS})
    for name, step in commands.TEST_STEPS.items():
        step.__doc__ = name
    monkeypatch.delenv("CI", raising=False)
    commands.test([])
    shown = capsys.readouterr().out
    assert ran == ["unit", "browser"] and "rehearse: skipped" in shown and "classroom: skipped" in shown
    commands.test(["rehearse"])
    monkeypatch.setenv("CI", "true")
    commands.test([])
    assert ran == ["unit", "browser", "rehearse", "unit", "browser", "rehearse", "classroom"]


def test_without_a_browser_the_browser_step_says_so_and_fails_only_under_ci(monkeypatch, capsys):
    monkeypatch.setattr(commands, "browser_installed", lambda: False)
    monkeypatch.delenv("CI", raising=False)
    commands.browser(Path(sys.executable))
    assert "did not run" in capsys.readouterr().out
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SystemExit):
        commands.browser(Path(sys.executable))
    assert "(CI: failing)" in capsys.readouterr().out


@pytest.mark.parametrize("system, machine, release, supported", [
    ("darwin", "arm64", "14.5", True), ("darwin", "arm64", "13.6.1", False), ("darwin", "x86_64", "14.5", False),
    ("win32", "AMD64", "", True), ("linux", "x86_64", "", True)])
def test_macs_without_a_torch_wheel_are_told_before_anything_downloads(monkeypatch, system, machine, release,
                                                                      supported):
    monkeypatch.setattr(environment.sys, "platform", system)
    monkeypatch.setattr(environment.platform, "machine", lambda: machine)
    monkeypatch.setattr(environment.platform, "mac_ver", lambda: (release, ("", "", ""), ""))
    problem = environment.unsupported()
    assert (problem is None) == supported
    if problem:
        assert "Binder" in problem and machine in problem and release in problem


@pytest.fixture
def index():
    """A package index on 127.0.0.1 that answers, and the address of a port where nothing listens."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    yield f"http://127.0.0.1:{server.server_address[1]}/", f"http://127.0.0.1:{closed}/whl/cpu"
    server.shutdown()
    server.server_close()


def test_an_unreachable_extra_index_is_left_out_and_a_reachable_one_kept(tmp_path, index, monkeypatch, capsys):
    answering, closed = index
    monkeypatch.setattr(environment, "ROOT", tmp_path)
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"--extra-index-url {answering}\ntorch==2.13.0+cpu\n")
    assert environment.requirements_to_install(requirements) == requirements
    requirements.write_text(f"--extra-index-url {closed}\ntorch==2.13.0+cpu\n")
    installed = environment.requirements_to_install(requirements)
    assert installed == tmp_path / "build" / "requirements.txt" and installed.read_text() == "torch==2.13.0+cpu\n"
    assert requirements.read_text().startswith("--extra")  # the learner's file stays as it is
    assert f"{closed} is unreachable" in capsys.readouterr().out
