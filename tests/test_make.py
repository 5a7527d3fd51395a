"""The Makefile's contributor path: the Binder environment is rebuilt only when what Binder builds from changes."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="needs GNU make")


def up_to_date(folder: Path) -> bool:
    """Whether `make` would leave the Binder environment as it is (make -q: question mode, runs nothing)."""
    return subprocess.run(["make", "-q", "build/binder-venv/.installed"], cwd=folder).returncode == 0


def test_the_binder_environment_is_rebuilt_only_when_binder_files_change(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-llama.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path)
    shutil.copytree(ROOT / "binder", tmp_path / "binder")
    stamp = tmp_path / "build" / "binder-venv" / ".installed"
    stamp.parent.mkdir(parents=True)
    stamp.touch()
    later = stamp.stat().st_mtime + 10
    os.utime(stamp, (later, later))
    assert up_to_date(tmp_path)
    for name in ("requirements.txt", "pyproject.toml"):  # the development environment's files: no rebuild
        os.utime(tmp_path / name, (later + 5, later + 5))
    assert up_to_date(tmp_path)
    for name in ("binder/requirements.txt", "binder/postBuild", "requirements-llama.txt"):  # postBuild installs it
        os.utime(stamp, (later + 10, later + 10))
        os.utime(tmp_path / name, (later + 20, later + 20))
        assert not up_to_date(tmp_path), f"a change to {name} must rebuild the Binder environment"
