"""Skill: answer a greeting, or a question about who is answering and what it can do."""

from __future__ import annotations

from .conversation import Conversation, Reply
from .text import first_words, words

GREETINGS = {"hello", "hi", "hey", "bonjour", "salut", "hola", "hallo", "greetings", "morning", "evening"}
ABOUT_ME = [
    ("who", "are", "you"), ("what", "are", "you"), ("what", "can", "you"), ("introduce", "yourself"),
    ("your", "name"), ("which", "model"), ("what", "model"), ("capabilities",), ("help", "me", "with"),
]


def _asks_about_me(ws: list[str]) -> bool:
    joined = " " + " ".join(ws) + " "
    return any(" " + " ".join(p) + " " in joined for p in ABOUT_ME)


class Greeting:
    name = "greeting"
    summary = "answer a greeting and say what I can do"

    def __init__(self, capabilities: list[str]):
        self.capabilities = capabilities  # summaries of every skill the engine has

    def applies(self, conv: Conversation) -> bool:
        ws = words(conv.last_user)
        if not ws:
            return False
        short_greeting = bool(GREETINGS & set(first_words(conv.last_user, 3))) and len(ws) <= 12
        return short_greeting or _asks_about_me(ws)

    def reply(self, conv: Conversation) -> Reply:
        listed = "; ".join(self.capabilities)
        text = (
            "Hello! I am the offline stand-in for Mistral's models that comes with this course. "
            "I run inside your Python process, need no API key and no network, and give the same "
            "answer every time I get the same request. I am not a language model: I follow rules "
            f"for a few tasks. Here is what I can do: {listed}. "
            "For anything else, set MISTRAL_API_KEY and the same code talks to a real Mistral model."
        )
        return Reply(content=text, skill=self.name)
