"""The offline engine: turns a validated Conversation into a Reply, or says honestly that it can't.

It is not a language model. It is a handful of skills, each a small set of rules for one task that
the course teaches, and a router that asks all of them. Read this page, then any one skill file.

The protocol (skill.py)
    Every skill has a `name` (sent back in the `x-offline-skill` response header), a one-line
    `summary` and the `lesson` that shows its kind of prompt, and two methods:
    `read(conv) -> Task | None` parses the request once and returns what it understood with a
    confidence (SURE 0.9, LIKELY 0.7, UNSURE 0.3; THRESHOLD 0.5), and what is missing, if anything;
    `answer(task) -> Reply` writes the reply from that parsed task alone.
    Every value in a reply comes from the learner's text, the facts, the context or the tool results,
    never from the instruction; a skill that lacks a piece says so in its Task instead of guessing.

The default skills (defaults.py)
    tools, json, grounded, reply_email, classify, summarize, proofread, small_talk. The engine owns
    this list; the order only breaks ties, and each position has its one-line reason there. To add
    a skill, write a class with the protocol and put it in that list.

The router (router.py), for each request
    1. Bounded work: a request holding more than MAX_CHARS of text is declined unread; every skill's
       work grows linearly with its input, so that size is the time budget (a clock would make the
       same request answer differently on a busy machine).
    2. The guardrail (guardrail.py) runs first when safe_prompt is on, on the learner's own
       instruction only, never on pasted or fenced text.
    3. Offline understanding is English only: an instruction in another language gets one
       sentence saying so.
    4. Whether tools matter is decided once: after tool results, or when tool_choice forces a call,
       only the tool skill reads; with no tools or tool_choice "none" it does not; otherwise all do.
    5. Every candidate skill reads the request; the most confident wins (ties: the earlier in the
       list). Below THRESHOLD the engine declines (decline.py) in one or
       two sentences that name the offline backend, say what it understood and what to do. Under
       safe_prompt that decline becomes a refusal when the request shows a sign of harm, or when a
       small classifier trained on example requests (harm_model.py, its examples beside it) scores it
       as likely to ask for harm: the one learned part of the engine, and it says so when it refuses.

The format layer (formats.py)
    JSON mode and `json_schema` shape whatever skill answered: the JSON skill gives a value, any
    other skill's text becomes {"answer": ...}. JSON asked for in words gets a fenced block.

Shared helpers: text.py (words, one stem, one stop-word list, everyday synonyms, sentences,
identifier names, language), prompt.py (fenced blocks found in one linear scan, "Key: value" lines,
lists) and values.py (numbers, money, dates, times, names and places read from text; a value too
ambiguous to read, like '2.800', is unknown rather than guessed, and a text with several candidates
for one value says AMBIGUOUS, never a pick). slips.py holds the grammar slips
the proofreading skill fixes only where a rule is sure (and those it sees but can't fix surely, which
make it decline); label_evidence.py the evidence the classification skill decides on (words of feeling,
signs of a property, topic words), and the reasons it declines when that evidence is thin or two-way;
tables.py the Markdown tables a grounded answer reads (a row named by its first cell, or the row with the
least or most of the one column a question names; anything ambiguous is left to the sentences).
A skill that is sure of the task but not of the answer (a classification whose text fits two labels)
returns its Task with LIKELY confidence and nothing to answer, and its answer() declines: the request
stays with the skill that understood it, rather than going to a less fitting one.
"""

from __future__ import annotations

from .conversation import Conversation, Reply, Task, ToolCallOut, Turn
from .router import Engine
from .skill import LIKELY, SURE, THRESHOLD, UNSURE, Skill

__all__ = ["Engine", "Conversation", "Reply", "Task", "ToolCallOut", "Turn", "Skill",
           "SURE", "LIKELY", "THRESHOLD", "UNSURE"]
