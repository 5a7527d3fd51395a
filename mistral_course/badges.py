"""Write the README's Binder badges: one for the course, one per lesson (what `make badges` does).

    python -m mistral_course.badges OWNER/REPO             # e.g. the repository's GitHub address
    python -m mistral_course.badges OWNER/REPO --branch dev

A badge opens the repository on mybinder.org, which builds the image from binder/
and lands in JupyterLab on the lesson (`?urlpath=lab/tree/notebooks/NAME.ipynb`).
The block sits between two HTML comments in README.md; running the command again
replaces it, so the badges always match the notebooks that exist.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote

from .paths import ROOT

START, END = "<!-- binder-badges:start -->", "<!-- binder-badges:end -->"
BADGE = "https://mybinder.org/badge_logo.svg"
SLUG = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def binder_url(repo: str, branch: str, notebook: str) -> str:
    return f"https://mybinder.org/v2/gh/{repo}/{quote(branch, safe='')}?urlpath=" + quote(
        f"lab/tree/notebooks/{notebook}", safe="/")


def badge_block(repo: str, branch: str, notebooks: list[str]) -> str:
    """The Markdown between the markers: the course badge, then a table of lesson badges."""
    if not SLUG.fullmatch(repo):
        raise ValueError(f"{repo!r} is not a GitHub repository written as OWNER/REPO")
    lines = [START, "", f"[![Open the course on Binder]({BADGE})]({binder_url(repo, branch, notebooks[0])}) "
             "the whole course, in JupyterLab in your browser: nothing to install, no key needed "
             "(the first start builds the image and can take a few minutes).", "",
             "| lesson | on Binder |", "|---|---|"]
    for name in notebooks:
        lines.append(f"| `{name.removesuffix('.ipynb')}` | [![Binder]({BADGE})]({binder_url(repo, branch, name)}) |")
    return "\n".join(lines + ["", END])


def write_badges(readme: Path, repo: str, branch: str, notebooks: list[str]) -> str:
    """Put the block in place of the old one, or before the lessons' section the first time."""
    text = readme.read_text(encoding="utf-8")
    block = badge_block(repo, branch, notebooks)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    elif "## The lessons" in text:
        text = text.replace("## The lessons", "## Run it on Binder\n\n" + block + "\n\n## The lessons", 1)
    else:
        text = text.rstrip("\n") + "\n\n## Run it on Binder\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.badges", description=__doc__.splitlines()[0])
    parser.add_argument("repo", help="the repository on GitHub, as OWNER/REPO")
    parser.add_argument("--branch", default="main")
    args = parser.parse_args(argv)
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    try:
        write_badges(ROOT / "README.md", args.repo, args.branch, notebooks)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"README.md: {len(notebooks) + 1} Binder badges for github.com/{args.repo} ({args.branch})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
