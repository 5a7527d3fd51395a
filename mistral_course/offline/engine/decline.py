"""The engine's honest "I can't": one or two sentences that name the offline backend, say what it
understood, and say what to do instead."""

from __future__ import annotations

from .conversation import Reply, Task

NAME = "decline"
KEY = "or set MISTRAL_API_KEY to send it to a real Mistral model"


def unsure(task: Task | None, lesson: str = "") -> Reply:
    if task is None:
        text = ("The offline backend follows rules for a few tasks and is not a language model, so it can't answer "
                f"this one (ask \"what can you do?\" for the list). Rephrase it as the lessons show, {KEY}.")
    else:
        why = f", but {task.lacking}" if task.lacking else ", but not surely enough to answer"
        where = f" as {lesson} shows" if lesson else ""
        text = (f"The offline backend read this as {task.understood}{why}. Rephrase it{where}, {KEY}.")
    return Reply(content=text, skill=NAME)


def not_english(language: str) -> Reply:
    what = "is not written in English" if language == "non-latin" else f"looks {language.capitalize()}"
    return Reply(content=f"The offline backend only understands English prompts, and this one {what}. "
                         f"Ask in English, {KEY}, which reads many languages.", skill=NAME)


def other_language(language: str) -> Reply:
    return Reply(content=f"The offline backend writes only English, and this asks for an answer in {language}. "
                         f"Ask for English, {KEY}.", skill=NAME)


def too_long(limit: str) -> Reply:
    return Reply(content=f"The offline backend gives up on requests beyond {limit}, so it did not read this one. "
                         f"Send a shorter text, {KEY}.", skill=NAME)
