"""What every committed lesson must keep: its top cell, its exercise convention, and no secret or local trace."""

import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KEY_LIKE = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])"
                      r"[A-Za-z0-9]{32}(?![A-Za-z0-9])")  # mixed case and digits: a key's shape, not a hex id
LOCAL_PATH = re.compile(r"/(root|home|Users|tmp|work)/[^\s\"']+")


def read(path):
    return nbformat.read(path, as_version=4)


def text_of(nb) -> list[str]:
    """Everything a reader or a tool can see, except image data: sources, text outputs, metadata."""
    out = [json.dumps(nb.metadata)]
    for cell in nb.cells:
        out += [cell.source, json.dumps(cell.metadata)]
        for output in cell.get("outputs", []):
            out += [output.get("text", ""), "\n".join(output.get("traceback", []))]
            out += [v for k, v in output.get("data", {}).items() if k.startswith("text/") and isinstance(v, str)]
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_top_cell_states_objectives_and_time(path):
    top = read(path).cells[0]
    assert top.cell_type == "markdown" and top.source.startswith(f"# Lesson {path.name[:2]} ")
    assert "**Time:**" in top.source and "**You will:**" in top.source and "\n- " in top.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_is_checked_then_solved_in_a_collapsed_cell(path):
    cells = read(path).cells
    exercises = [i for i, c in enumerate(cells) if c.cell_type == "code"
                 and "from mistral_course.exercises import check_" in c.source]
    assert len(exercises) >= 2
    for i in exercises:
        check = re.search(r"import (check_\w+)", cells[i].source).group(1)
        shown = "".join(o.get("text", "") for o in cells[i].outputs)
        assert "❌" in shown and "✅" not in shown, f"cell {i} should be committed un-attempted, with its hint"
        solution = cells[i + 1]
        assert solution.source.startswith("# Solution") and "solution" in solution.metadata.get("tags", [])
        assert solution.metadata.get("jupyter") == {"source_hidden": True, "outputs_hidden": True}
        assert f"assert {check}(" in solution.source, f"the solution after cell {i} should pass {check}"
        # committed unrun: no output gives the answer away, and nbval runs it (an error fails) without comparing
        assert solution.outputs == [] and solution.execution_count is None, f"cell {i + 1}: run `make refresh`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_key_no_local_path_no_timing_metadata(path):
    nb = read(path)
    for text in text_of(nb):
        assert not KEY_LIKE.search(text), f"something shaped like an API key: {KEY_LIKE.search(text).group()}"
        assert not re.search(r"MISTRAL_API_KEY\s*=\s*['\"]?[A-Za-z0-9]{8,}", text)
        assert not LOCAL_PATH.search(text), f"a path from the machine that ran it: {LOCAL_PATH.search(text).group()}"
    assert not [c for c in nb.cells if "execution" in c.metadata], "run `make refresh`: it drops per-cell timings"


def test_the_key_check_itself_catches_a_key():
    fake = "".join("aB3"[i % 3] for i in range(32))
    assert KEY_LIKE.search(f"key: {fake}") and not KEY_LIKE.search("id 0123456789abcdef0123456789abcdef")


def test_refresh_stores_a_solution_without_its_output_only_when_it_passes():
    from mistral_course.refresh import hide_solution, merge_streams

    def solution(text):
        cell = nbformat.v4.new_code_cell("# Solution\nassert check_x(1)", execution_count=3)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in text]
        return cell

    cell = solution(["✅ 21 ", "tokens\n"])
    merge_streams(cell)
    assert [o.text for o in cell.outputs] == ["✅ 21 tokens\n"]
    hide_solution(cell)
    assert cell.outputs == [] and cell.execution_count is None
    with pytest.raises(RuntimeError, match="does not pass its own check"):
        hide_solution(solution(["❌ too few\n"]))
