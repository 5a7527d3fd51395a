"""Re-execute notebooks offline, in place, and keep only what belongs in the repository.

    python -m mistral_course.refresh notebooks/*.ipynb      (what `make refresh` runs)

Cells are run top to bottom in a fresh kernel from the notebook's own folder;
the per-cell timing metadata Jupyter records is dropped, so a refresh changes
a notebook only where its outputs change. Solution cells (tagged "solution")
must pass their check, and are then stored without their output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        merge_streams(cell)
        if "solution" in cell.metadata.get("tags", []):
            hide_solution(cell)
    nbformat.write(nb, path)


def merge_streams(cell) -> None:
    """One output per run of printed text: how a stream is split into pieces depends on timing, not the lesson."""
    merged = []
    for output in cell.get("outputs", []):
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    if "outputs" in cell:
        cell.outputs = merged


def hide_solution(cell) -> None:
    """A solution is committed unrun, without its output, which would give the answer away.

    nbval still runs an unrun cell (an error fails the test) but has nothing to compare it with.
    """
    shown = "".join(o.get("text", "") for o in cell.outputs)
    if "✅" not in shown or any(o.output_type == "error" for o in cell.outputs):
        raise RuntimeError(f"a solution cell does not pass its own check:\n{cell.source}\n{shown}")
    cell.outputs, cell.execution_count = [], None


def main(paths: list[str]) -> None:
    os.environ["MISTRAL_BACKEND"] = "offline"  # committed outputs are always the offline backend's
    for name in paths:
        print(f"refreshing {name}", flush=True)
        refresh(Path(name))


if __name__ == "__main__":
    main(sys.argv[1:])
