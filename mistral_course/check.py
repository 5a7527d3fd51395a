"""python -m mistral_course.check — is everything the course needs installed, and which backend is active?

Prints OK or FAIL for each package (with the version found and the version pinned), then the
backend, so a learner sees at once what is wrong. Exits 1 if anything failed.
"""

from __future__ import annotations

import importlib
import re
import sys
from importlib import metadata

from .paths import ROOT

LAB = "python -m mistral_course lab"  # or make lab, which runs it
# package name on PyPI -> module to import
MODULES = {"mistralai": "mistralai.client", "mistral-common": "mistral_common", "httpx2": "httpx2",
           "pydantic": "pydantic", "wordllama": "wordllama", "numpy": "numpy", "faiss-cpu": "faiss",
           "python-dotenv": "dotenv", "torch": "torch", "transformers": "transformers", "peft": "peft",
           "jupyterlab": "jupyterlab", "ipywidgets": "ipywidgets", "pandas": "pandas", "matplotlib": "matplotlib"}
LESSON_08 = {"llama-cpp-python": "llama_cpp", "gguf": "gguf"}  # compiled on install; only lesson 08 needs them


def pinned() -> dict[str, str]:
    requirements = ROOT / "requirements.txt"
    pins = {}
    if requirements.exists():
        for line in requirements.read_text().splitlines():
            m = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s#;]+)", line.strip())
            if m:  # torch is pinned once per platform, all the same release: +cpu is its build, not its version
                pins[m.group(1).lower()] = m.group(2).split("+")[0]
    return pins


def main() -> int:
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level  # some packages configure logging on import
    pins, failed = pinned(), 0
    print(f"Python {sys.version.split()[0]}" + ("" if sys.version_info[:2] == (3, 11) else "  (the course is tested on 3.11)"))
    for package, module in MODULES.items():
        want = pins.get(package, "")
        try:
            importlib.import_module(module)
            root.handlers[:], _ = handlers, root.setLevel(level)
            found = metadata.version(package)
        except Exception as exc:  # a missing or broken package: say which, and carry on
            failed += 1
            print(f"FAIL {package:15s} {type(exc).__name__}: {str(exc).splitlines()[0][:80]}")
            continue
        note = "" if not want or found.split("+")[0] == want else f"  (pinned {want}: run {LAB} to reinstall)"
        print(f"OK   {package:15s} {found}{note}")
    for package, module in LESSON_08.items():  # optional: a machine that cannot compile llama.cpp runs 00-07
        try:
            importlib.import_module(module)
            root.handlers[:], _ = handlers, root.setLevel(level)
            print(f"OK   {package:15s} {metadata.version(package)}")
        except Exception as exc:
            print(f"--   {package:15s} not usable ({type(exc).__name__}): lesson 08 needs it, lessons 00-07 do not")
    try:
        from . import backend

        print(backend.banner())
    except backend.CourseError as exc:
        failed += 1
        print(f"FAIL backend: {exc}")
    print("All good." if not failed else f"{failed} problem(s): run `{LAB}` (it reinstalls what is missing).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
