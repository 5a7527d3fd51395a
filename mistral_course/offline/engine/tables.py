"""Markdown tables in a pasted text: read once, then answer a question about one named row ('when is the
Physics interview?') or about the row with the least or the most of one column ('which model had the lowest
validation loss?', 'when does the last shuttle leave?').

It answers only when the reading is unambiguous: one table, one row named by its first cell, or one column
that the question's words name and whose every cell is a number or a time, with no tie at the end asked for.
Anything else is left to the sentence reader (which may decline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


ROW = re.compile(r"^\s*\|(.+)\|\s*$")
RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
MAX_ROWS = 500  # a table longer than this is not read: the work stays bounded

LEAST = {"lowest", "smallest", "least", "fewest", "cheapest", "earliest", "first", "shortest", "minimum", "min"}
MOST = {"highest", "largest", "biggest", "most", "latest", "last", "longest", "maximum", "max", "greatest"}
# words a question uses for a column it does not name: 'leave' for 'Departure', 'cost' for 'Price'
SAME = {"leave": "depart", "leaves": "depart", "leaving": "depart", "arrive": "arriv", "arrives": "arriv",
        "cost": "price", "costs": "price", "pay": "price", "expensive": "price", "cheapest": "price"}
ASKING = {"what", "which", "when", "how", "time", "the", "many", "much", "does", "did", "has", "had", "have", "was",
          "are", "were", "will", "would", "can", "could"}  # 'what time' asks for a value, it names no column
TIME = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")
NUMBER = re.compile(r"^[€$£]?\s?(-?\d[\d,]*(?:\.\d+)?)\s*([%a-zA-Z]{0,3})$")


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]

    def line(self, row: list[str]) -> str:
        return ", ".join(f"{h}: {v}" for h, v in zip(self.header, row) if v)


def read_tables(text: str) -> list[Table]:
    """Every markdown table of the text: a header row, a rule of dashes, then its rows."""
    lines = text.splitlines()
    found, i = [], 0
    while i + 1 < len(lines):
        head, rule = ROW.match(lines[i]), RULE.match(lines[i + 1])
        if not (head and rule):
            i += 1
            continue
        header = [c.strip() for c in head.group(1).split("|")]
        rows, j = [], i + 2
        while j < len(lines) and ROW.match(lines[j]) and len(rows) < MAX_ROWS:
            cells = [c.strip() for c in ROW.match(lines[j]).group(1).split("|")]
            if len(cells) == len(header):
                rows.append(cells)
            j += 1
        if rows:
            found.append(Table(header, rows))
        i = j
    return found or _plain_pipe_tables(lines) or _spaced_tables(lines)


def _piped(line: str) -> list[str] | None:
    """The cells of a line written with pipes ('P1 (outage) | 15 minutes | 4 hours'), or None: two or more, none
    blank. A split, not a pattern, so a long line costs one pass."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return cells if len(cells) >= 2 and all(cells) else None


def _plain_pipe_tables(lines: list[str]) -> list[Table]:
    """Tables written with pipes but no rule of dashes: three or more lines in a row with the same number of
    cells (two or more), the first of them the header."""
    found, i = [], 0
    while i < len(lines):
        run, j = [], i
        while j < len(lines) and (cells := _piped(lines[j])) and len(run) <= MAX_ROWS:
            if run and len(cells) != len(run[0]):
                break
            run.append(cells)
            j += 1
        if len(run) >= 3:
            found.append(Table(run[0], run[1:]))
        i = max(j, i + 1)
    return found


SPACED = re.compile(r"\t+|[ \t]{2,}")  # columns lined up with tabs or with two spaces or more


def _spaced_tables(lines: list[str]) -> list[Table]:
    """Tables lined up with spaces or tabs (a pasted timetable): three or more lines in a row with the same number of
    cells (three or more), the first the header. A header indented over the rows' first column gets an empty cell
    there ('          Mon-Fri   Saturday' above 'First bus   06:10   07:00'). A header has no figures."""
    found, i = [], 0
    while i < len(lines):
        run, j = [], i
        while j < len(lines) and len(run) <= MAX_ROWS:
            cells = [c for c in SPACED.split(lines[j].strip()) if c]
            if len(cells) < 3:
                break
            if not run and j + 1 < len(lines) and re.match(r"[ \t]{2,}\S", lines[j]) \
                    and len([c for c in SPACED.split(lines[j + 1].strip()) if c]) == len(cells) + 1:
                cells = ["", *cells]
            if run and len(cells) != len(run[0]):
                break
            run.append(cells)
            j += 1
        if len(run) >= 3 and not any(re.search(r"\d", c) for c in run[0]):  # a header names its columns: a
            found.append(Table(run[0], run[1:]))  # first line with figures is a log's or a list's, not a header
        i = max(j, i + 1)
    return found


def answer(question: str, text: str, asking: str = "", attribute: set[str] = frozenset()) -> str | None:
    """The row that answers the question, as 'Header: value, ...'; None when the tables can't say for sure.
    asking: the sentence that asks, when the question was reported ('An applicant for Physics asks when ...');
    attribute: the words of what it asks for ('budget' in 'what is the budget for ...'), which a column must name."""
    tables = read_tables(text)
    if len(tables) != 1:
        return None
    table = tables[0]
    columns = {p[:4] for name in table.header for p in re.split(r"[^a-z0-9]+", name.lower()) if len(p) >= 3}
    if any(w[:4] not in columns for w in attribute):  # no column says what is asked: the row is no answer
        return None
    asked = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", question)]
    named = {w for h in table.header for w in re.findall(r"[a-z]+", h.lower())}  # 'first' of 'First response'
    extreme = [w for w in asked if w in LEAST | MOST and w not in named]
    if extreme:
        return _extreme(table, asked, extreme[0] in MOST) if len(set(extreme)) == 1 else None
    return _named_row(table, f"{question} {asking}")


def _row_name(cell: str) -> str:
    """What a first cell names a row by: the cell without a note in parentheses ('P2' of 'P2 (major feature
    broken)'); a code of two characters counts when it mixes a letter and a digit; '' when too short to name."""
    key = re.sub(r"\s*\([^)]*\)\s*$", "", cell).strip() or cell
    if len(key) >= 3 or (len(key) == 2 and re.search(r"\d", key) and re.search(r"[A-Za-z]", key)):
        return key
    return ""


def _named_row(table: Table, question: str) -> str | None:
    """The one row whose first cell the question names as a whole word: 'Physics' in 'her Physics interview'."""
    named = [row for row in table.rows if (key := _row_name(row[0])) and (not key.isdigit() or "." in key)  # '5.3', a
             and re.search(rf"(?<![\w.]){re.escape(key)}(?:s|es)?(?![\w]|\.\d)", question, re.I)]  # version, names a row
    if not named:  # 'band B' for the row 'B (same region)' under 'Band': one capital, after the column's own name
        head = re.escape(table.header[0].strip())
        named = [row for row in table.rows if re.fullmatch(r"[A-Z]", key := re.sub(r"\s*\(.*$", "", row[0]).strip())
                 and re.search(rf"(?i:\b{head})\s+{key}\b", question)]
    if not named:  # 'A lady in Thornbury wants to know which day': the one row that holds a name the question says
        said = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}\b", question)} - {h.lower() for h in table.header}
        named = [row for row in table.rows if said & {w.lower() for cell in row[1:] for w in re.findall(r"[A-Za-z]+", cell)}]
    return table.line(named[0]) if len(named) == 1 else None


def _column(table: Table, asked: list[str]) -> int | None:
    """The one column (not the first) that the question's words name most ('val_loss' for 'validation loss')."""
    wanted = {SAME.get(w, w) for w in asked if len(w) >= 3 and w not in ASKING}
    scores = []
    for index, name in enumerate(table.header[1:], start=1):
        parts = [p for p in re.split(r"[^a-z0-9]+", name.lower()) if len(p) >= 3]
        scores.append((sum(any(p.startswith(w[:5]) or w.startswith(p) for w in wanted) for p in parts), index))
    best = max(scores, default=(0, None))
    if best[0] == 0 or sum(s == best[0] for s, _ in scores) > 1:
        return None
    return best[1]


def _value(cell: str) -> tuple[float, str] | None:
    """A cell as a comparable number and its unit ('1.79' -> 1.79, '118M' -> 118 'm', '22:40' -> 1360 'time')."""
    cell = cell.strip()
    time = TIME.match(cell)
    if time:
        return int(time.group(1)) * 60 + int(time.group(2)), "time"
    number = NUMBER.match(cell)
    if number:
        return float(number.group(1).replace(",", "")), number.group(2).lower()
    return None


def _extreme(table: Table, asked: list[str], most: bool) -> str | None:
    column = _column(table, asked)
    if column is None:
        return None
    values = [_value(row[column]) for row in table.rows]
    if any(v is None for v in values) or len({unit for _, unit in values}) != 1 or len(values) < 2:
        return None  # a cell that is not a number or a time, or mixed units ('45M' beside '1.2B'): can't compare
    numbers = [v for v, _ in values]
    end = max(numbers) if most else min(numbers)
    rows = [row for row, n in zip(table.rows, numbers) if n == end]
    return table.line(rows[0]) if len(rows) == 1 else None
