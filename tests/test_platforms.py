"""The requirements resolve on a learner's laptop: Linux x86-64, macOS arm64 and Windows amd64, Python 3.11-3.13.

For each pair, pip's own resolver (`pip install --dry-run --report --platform --python-version
--only-binary=:all:`, which installs nothing) resolves requirements.txt against PyPI and PyTorch's CPU
index, and never against this machine's own wheels or pip settings. Where an index has no metadata files
(PEP 658), pip reads each wheel's metadata with range requests (fast-deps) instead of downloading it.
pip evaluates environment markers for the machine it runs on, not for --platform, so the pip run here is
told the target's marker values (sys_platform, platform_machine, ...); the report's "environment" shows
which it used.

It fails if a pin has no wheel for the pair, or if torch comes as a CUDA build (a torch without +cpu on
Linux or Windows, or NVIDIA/CUDA packages in the set), and prints what the first install downloads.
Without PyPI it skips with the reason, except under CI=true, where it fails. Without PyTorch's CPU index
(download.pytorch.org), it resolves torch's PyPI release of the same version in its place: every other pin,
and torch's wheel for the pair, are still checked; the size then leaves torch and its CUDA libraries out, and
a line says so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPI = "https://pypi.org/simple"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PYTHONS = ("3.11", "3.12", "3.13")
# the wheel platforms pip is told, and the marker values of such a machine. pip widens a macOS tag to older
# macOS releases itself, but not manylinux_2_28 to older glibc tags: those are listed.
PLATFORMS = {
    "linux-x86_64": ([f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)]  # glibc 2.28, torch 2.13's
                     + ["manylinux2014_x86_64"],  # oldest; pip widens manylinux2014 to manylinux2010 and 1
                     dict(sys_platform="linux", platform_system="Linux", platform_machine="x86_64",
                          os_name="posix", platform_release="6.8.0", platform_version="#1 SMP")),
    "macos-arm64": (["macosx_14_0_arm64"],  # macOS 14: torch 2.13 has no arm64 wheel for older macOS
                    dict(sys_platform="darwin", platform_system="Darwin", platform_machine="arm64",
                         os_name="posix", platform_release="23.0.0", platform_version="Darwin Kernel Version 23.0.0")),
    "windows-amd64": (["win_amd64"],
                      dict(sys_platform="win32", platform_system="Windows", platform_machine="AMD64",
                           os_name="nt", platform_release="10", platform_version="10.0.19045")),
}
WORKERS = 3  # pip's work is mostly reading index pages (CPU); a few at once overlap their waits
CUDA = re.compile(r"^(nvidia-|cuda-|triton$)")  # what a CUDA build of torch brings with it

# Run pip with the target's marker environment (pip asks packaging's default_environment for it).
PIP_FOR_TARGET = """
import json, sys
from pip._vendor.packaging import markers
target = json.loads(sys.argv[1])
markers.default_environment = lambda: dict(target)
from pip._internal.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def reachable(url: str) -> str | None:
    """None if the index answers, else why not (one line)."""
    try:
        with urllib.request.urlopen(url, timeout=15):
            return None
    except (urllib.error.URLError, OSError) as exc:
        return f"{url} unreachable: {getattr(exc, 'reason', exc)}"


@cache
def pypi_problem() -> str | None:
    return reachable(f"{PYPI}/pip/")


@cache
def cpu_index_problem() -> str | None:
    return reachable(f"{CPU_INDEX}/torch/")


def marker_environment(platform: str, python: str) -> dict[str, str]:
    full = f"{python}.0"
    return {**PLATFORMS[platform][1], "python_version": python, "python_full_version": full,
            "implementation_name": "cpython", "implementation_version": full,
            "platform_python_implementation": "CPython"}


def requirements_for_resolution(tmp_path: Path) -> Path:
    """requirements.txt as a learner's pip reads it; without the CPU index, torch's PyPI release stands in."""
    text = (ROOT / "requirements.txt").read_text()
    if cpu_index_problem():
        text = "\n".join("# " + line if line.startswith("--extra-index-url") else line.replace("+cpu", "")
                         for line in text.splitlines())
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    return path


def resolve(platform: str, python: str, tmp_path: Path) -> dict:
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {
        "PIP_CONFIG_FILE": os.devnull,  # no pip.conf: not this machine's wheels, mirrors or caps
        "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for name in ("PIP_CERT", "PIP_CACHE_DIR", "PIP_DEFAULT_TIMEOUT"):  # how to reach the network stays as set
        if name in os.environ:
            env[name] = os.environ[name]
    command = [sys.executable, "-c", PIP_FOR_TARGET, json.dumps(marker_environment(platform, python)),
               "install", "--dry-run", "--quiet", "--ignore-installed", "--report", str(report),
               "--target", str(tmp_path / "target"), "--only-binary=:all:", "--implementation", "cp",
               "--use-feature=fast-deps",  # an index without metadata files: read them with range requests
               "--python-version", python, "--index-url", PYPI, "-r", str(requirements_for_resolution(tmp_path))]
    command += [f"--platform={tag}" for tag in PLATFORMS[platform][0]]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{platform} Python {python}: no complete set of wheels\n{done.stderr[-3000:]}"
    return json.loads(report.read_text())


@cache
def file_sizes(index: str, project: str) -> dict[str, int]:
    """{wheel file name: bytes} from an index's JSON page (PEP 691/700)."""
    request = urllib.request.Request(f"{index}/{project}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        if "json" not in answer.headers.get("Content-Type", ""):  # PyTorch's index answers in HTML only
            return {}
        return {f["filename"]: f["size"] for f in json.load(answer)["files"] if "size" in f}


def download_size(item: dict) -> int:
    url = item["download_info"]["url"]
    filename = unquote(url.rsplit("/", 1)[1].split("#")[0])
    index = CPU_INDEX if url.startswith("https://download.pytorch.org/") else PYPI
    sizes = file_sizes(index, canonicalize_name(item["metadata"]["name"]))
    if filename not in sizes:  # an index without sizes in its JSON: ask for the file's length
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=30) as answer:
            return int(answer.headers["Content-Length"])
    return sizes[filename]


@pytest.fixture(scope="module", autouse=True)
def network():
    problem = pypi_problem()
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"CI must check the requirements on every platform, but {problem}")
    if problem:
        pytest.skip(f"resolving needs the package index: {problem}")


@pytest.fixture(scope="module")
def reports(request, tmp_path_factory):
    """{(platform, python): a pip report to come}: the selected pairs, resolved a few at a time."""
    pairs = [(item.callspec.params["platform"], item.callspec.params["python"]) for item in request.session.items
             if getattr(item, "module", None) is not None and item.module.__name__ == __name__
             and hasattr(item, "callspec")]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        yield {pair: pool.submit(resolve, *pair, tmp_path_factory.mktemp("-".join(pair))) for pair in pairs}


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_pin_has_a_wheel_and_torch_is_the_cpu_build(platform, python, reports, capsys):
    report = reports[platform, python].result()
    assert report["environment"]["sys_platform"] == PLATFORMS[platform][1]["sys_platform"]  # markers for the target
    items = {canonicalize_name(item["metadata"]["name"]): item for item in report["install"]}
    for name, item in items.items():  # --only-binary: every one a wheel for this platform and Python
        assert item["download_info"]["url"].split("#")[0].endswith(".whl"), name
    pinned = {canonicalize_name(r.name) for r in map(Requirement, requirement_lines()) if r.marker is None
              or r.marker.evaluate(marker_environment(platform, python))}
    assert pinned <= set(items), f"pins left out: {pinned - set(items)}"

    torch = items["torch"]["metadata"]["version"]
    cuda = sorted(name for name in items if CUDA.match(name))
    stand_in = cpu_index_problem() and platform != "macos-arm64"
    if stand_in:  # torch's PyPI release stood in: its wheel exists; its CUDA libraries are not counted
        counted = [item for name, item in items.items() if name != "torch" and name not in cuda]
    else:
        if platform == "macos-arm64":
            assert "+" not in torch, f"macOS takes torch's plain wheel, got {torch}"
        else:
            assert torch.endswith("+cpu"), f"{platform}: torch {torch} is not the CPU build"
        assert not cuda, f"{platform} Python {python}: CUDA packages in the set: {cuda}"
        counted = list(items.values())
    size = sum(download_size(item) for item in counted)
    line = f"{platform} Python {python}: {len(counted)} wheels, {size / 1e6:,.0f} MB to download"
    if stand_in:
        pypi_torch = download_size(items["torch"]) + sum(download_size(items[name]) for name in cuda)
        line += (f" without torch, whose CPU build was not measured ({cpu_index_problem()}); PyPI's torch {torch}"
                 f" stood in: {pypi_torch / 1e6:,.0f} MB" + (f" with {len(cuda)} CUDA packages" if cuda else ""))
    with capsys.disabled():
        print(f"\n  {line}", end="")


def requirement_lines() -> list[str]:
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("-")]
