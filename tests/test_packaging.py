"""Packaging: what `pip install` builds, the dependency lists that must agree, and `import helper` in a lesson."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def requirements(path: Path) -> list[Requirement]:
    """The requirements of a requirements file (comments and pip options skipped)."""
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def pins(path: Path) -> dict[str, set[tuple[str, str]]]:
    """{name: {(pinned version, marker)}}: torch is pinned once per platform."""
    out = {}
    for requirement in requirements(path):
        (version,) = [s.version for s in requirement.specifier if s.operator == "=="]
        out.setdefault(canonicalize_name(requirement.name), set()).add((version, str(requirement.marker or "")))
    return out


def test_the_build_backend_reads_the_licence_string():
    (setuptools,) = [Requirement(r) for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    assert "76.9" not in setuptools.specifier and "77.0" in setuptools.specifier  # PEP 639 came in setuptools 77
    assert PYPROJECT["project"]["license"] == "Apache-2.0"


def test_declared_dependencies_are_the_binder_runtime_and_admit_its_pins():
    declared = {canonicalize_name(Requirement(r).name): Requirement(r).specifier
                for r in PYPROJECT["project"]["dependencies"]}
    binder = pins(ROOT / "binder" / "requirements.txt")
    assert set(declared) == set(binder)
    assert all(version in declared[name] for name in declared for version, _ in binder[name]), \
        "a Binder pin outside pyproject's range"


def test_requirements_pin_every_binder_package_at_the_same_version_for_the_same_platforms():
    development, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert binder == {name: development.get(name, "missing") for name in binder}


def test_both_take_torch_cpu_build_from_pytorch_cpu_index_on_linux_and_windows_and_the_plain_wheel_on_macos():
    for path in (ROOT / "requirements.txt", ROOT / "binder" / "requirements.txt"):
        assert "--extra-index-url https://download.pytorch.org/whl/cpu" in path.read_text().splitlines(), path
        torch = [r for r in requirements(path) if r.name == "torch"]
        for system, machine, build in [("linux", "x86_64", "+cpu"), ("win32", "AMD64", "+cpu"), ("darwin", "arm64", "")]:
            environment = {"sys_platform": system, "platform_machine": machine}
            (chosen,) = [r for r in torch if r.marker and r.marker.evaluate(environment)]
            (version,) = [s.version for s in chosen.specifier]
            assert version.endswith(build) and "+" not in version.removesuffix(build), (path.name, system, version)


def test_the_wheel_installs_only_the_package(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "mistral_course", source / "mistral_course",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    str(source), "-w", str(tmp_path / "dist")], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert {t for t in tops if not t.endswith(".dist-info")} == {"mistral_course"}  # no top-level helper.py
    assert "License-Expression: Apache-2.0" in metadata
    assert {canonicalize_name(Requirement(line.split(": ", 1)[1]).name)
            for line in metadata.splitlines() if line.startswith("Requires-Dist:")} == \
           set(pins(ROOT / "binder" / "requirements.txt"))


def test_a_lesson_imports_the_course_helper_even_beside_another_helper_module(tmp_path):
    # another distribution's top-level `helper`, in a site directory as pip would install it
    (tmp_path / "helper.py").write_text("raise ImportError('another package helper module')\n")
    code = f"import site; site.addsitedir({str(tmp_path)!r}); import helper; print(helper.__file__); helper.get_client"
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks",  # a notebook runs in its folder
                           env={"PYTHONPATH": str(ROOT), "PATH": ""}, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()) == ROOT / "notebooks" / "helper.py"
