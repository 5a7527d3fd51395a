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


def test_make_badges_on_the_real_readme_opens_every_lesson_and_keeps_the_rest(tmp_path, monkeypatch, capsys):
    from mistral_course import badges

    original = (ROOT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(original, encoding="utf-8")
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    monkeypatch.setattr(badges, "ROOT", tmp_path)  # `make badges` on a copy of the repository's README
    assert main(["someone/course"]) == 0 and f"{len(NOTEBOOKS) + 1} Binder badges" in capsys.readouterr().out
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0]
    assert sorted({nb for _, _, nb in opened(block)}) == NOTEBOOKS
    outside = lambda t: t.split(START, 1)[0] + t.split(END, 1)[1] if START in t else t  # all but the block
    first_time = original.replace("## The lessons", "## Run it on Binder\n\n\n\n## The lessons", 1)
    assert outside(text) == (outside(original) if START in original else first_time)
    assert main(["someone/course"]) == 0 and (tmp_path / "README.md").read_text(encoding="utf-8") == text
