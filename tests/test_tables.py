"""Questions about a Markdown table pasted in a prompt: one named row, or the row with the least or most of a column;
anything ambiguous is left to the sentence reader, which may decline."""

from mistral_course.offline.engine import tables
from mistral_course.offline.engine.grounded import answer
from mistral_course.offline.engine.prompt import blocks

FERRIES = """| Route | Departs | Crossing time | Adult fare |
|---|---|---|---|
| Oban - Craignure | 07:15 | 46 min | £4.10 |
| Oban - Colonsay | 11:40 | 140 min | £9.35 |
| Oban - Lismore | 16:05 | 50 min | £3.05 |"""


def test_a_row_named_by_its_first_cell_is_answered_whole():
    out = tables.answer("When does the boat to Oban - Colonsay leave?", FERRIES)
    assert out == "Route: Oban - Colonsay, Departs: 11:40, Crossing time: 140 min, Adult fare: £9.35"


def test_the_row_with_the_least_or_most_of_the_column_the_question_names():
    assert "Oban - Lismore" in tables.answer("Which route has the cheapest adult fare?", FERRIES)
    assert "16:05" in tables.answer("What time is the last departure?", FERRIES)
    assert "Oban - Colonsay" in tables.answer("Which route has the longest crossing time?", FERRIES)


def test_ambiguous_tables_are_not_answered():
    assert tables.answer("Which route is the best?", FERRIES) is None  # no extreme of a column
    assert tables.answer("When does the ferry leave?", FERRIES) is None  # no row named
    assert tables.answer("Which is the lowest?", FERRIES) is None  # no column named
    tied = FERRIES.replace("£3.05", "£4.10")
    assert tables.answer("Which route has the cheapest adult fare?", tied) is None  # a tie
    mixed = FERRIES.replace("140 min", "2 h 20")
    assert tables.answer("Which route has the longest crossing time?", mixed) is None  # not all numbers
    assert tables.answer("Which route has the cheapest adult fare?", FERRIES + "\n\n" + FERRIES) is None


def test_decimals_are_numbers_not_times():
    table = "| model | val_loss |\n|---|---|\n| a | 2.11 |\n| b | 1.79 |"
    assert tables.answer("Which model had the lowest validation loss?", table).startswith("model: b")


def test_a_reported_question_finds_its_row_in_the_sentence_that_asks():
    asking = "A traveller going to Oban - Lismore asks when the boat leaves."
    assert "16:05" in answer("when the boat leaves?", FERRIES, asking)


def test_a_tables_rule_is_not_a_fence():
    assert blocks(FERRIES) == []
    assert blocks(f"Text:\n---\n{FERRIES}\n---\nWhich route is cheapest?") == [FERRIES]
