"""papermill runs: a notebook executed with a non-default parameter records the changed result."""

import json

from mistral_course.run import NOTEBOOKS, main


def outputs(path):
    cells = json.loads(path.read_text())["cells"]
    return "".join(o.get("text", "") if isinstance(o.get("text"), str) else "".join(o.get("text", []))
                   for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []))


def test_every_notebook_has_one_parameters_cell():
    for path in NOTEBOOKS.glob("*.ipynb"):
        tagged = [c for c in json.loads(path.read_text())["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, path.name


def test_papermill_run_with_another_window(tmp_path, monkeypatch):
    monkeypatch.setenv("MISTRAL_BACKEND", "offline")
    assert main(["07", "-p", "WINDOW=3", "--out", str(tmp_path)]) == 0
    text = outputs(tmp_path / "07_sliding_window_attention.ipynb")
    assert "after layer 1: positions 0..2 changed (predicted: up to 2)" in text
    assert "after layer 3: positions 0..6 changed (predicted: up to 6)" in text
    committed = outputs(NOTEBOOKS / "07_sliding_window_attention.ipynb")
    assert "after layer 1: positions 0..3 changed (predicted: up to 3)" in committed
