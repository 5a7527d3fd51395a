"""Where the course's files are: the repository's top folder, and the data the lessons read."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
