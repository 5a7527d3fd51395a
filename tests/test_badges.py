"""The README's Binder badges: one per lesson and one for the course, each opening a notebook that exists."""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from mistral_course.badges import END, START, badge_block, main, write_badges

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
LINK = re.compile(r"\]\((https://mybinder\.org/v2/gh/([^/]+/[^/]+)/([^?]+)\?urlpath=([^)]+))\)")


def opened(markdown: str) -> list[tuple[str, str, str]]:
    """(repo, branch, notebook) for each Binder link."""
    out = []
    for _, repo, branch, urlpath in LINK.findall(markdown):
        path = unquote(urlpath)
        assert path.startswith("lab/tree/notebooks/"), path
        out.append((repo, unquote(branch), path.removeprefix("lab/tree/notebooks/")))
    return out


def test_one_badge_per_lesson_and_one_for_the_course(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n\nIntro.\n\n## The lessons\n\n| a | b |\n", encoding="utf-8")
    text = write_badges(readme, "someone/mistral-hands-on", "main", NOTEBOOKS)
    links = opened(text)
    assert [nb for _, _, nb in links] == [NOTEBOOKS[0]] + NOTEBOOKS
    assert {(repo, branch) for repo, branch, _ in links} == {("someone/mistral-hands-on", "main")}
    assert text.index(START) < text.index("## The lessons")  # placed before the lessons' table


def test_running_again_replaces_the_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n\n## The lessons\n", encoding="utf-8")
    write_badges(readme, "someone/course", "main", NOTEBOOKS)
    text = write_badges(readme, "other/course", "dev", NOTEBOOKS[:2])
    assert text.count(START) == text.count(END) == 1
    assert {(repo, branch) for repo, branch, _ in opened(text)} == {("other/course", "dev")}
    assert len(opened(text)) == 3


def test_a_name_that_is_not_owner_slash_repo_is_refused(tmp_path, capsys):
    with pytest.raises(ValueError, match="OWNER/REPO"):
        badge_block("https://github.com/someone/course", "main", NOTEBOOKS)
    assert main(["not a repo"]) == 2
    assert "OWNER/REPO" in capsys.readouterr().err


def test_the_readme_badges_if_present_open_every_lesson():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    if START not in text:
        pytest.skip("README has no Binder badges yet: `make badges REPO=OWNER/REPO` writes them")
    block = text.split(START, 1)[1].split(END, 1)[0]
    assert sorted({nb for _, _, nb in opened(block)}) == NOTEBOOKS
