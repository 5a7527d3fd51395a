"""Skill of last resort: say plainly that the request is beyond the offline backend."""

from __future__ import annotations

from .conversation import Conversation, Reply


class BeyondOffline:
    name = "beyond_offline"
    summary = "tell you honestly when a request is beyond me"

    def __init__(self, capabilities: list[str]):
        self.capabilities = capabilities

    def applies(self, conv: Conversation) -> bool:
        return True

    def reply(self, conv: Conversation) -> Reply:
        listed = "; ".join(self.capabilities)
        text = (
            "I am the course's offline backend, not a language model, and this request is not one "
            f"of the tasks I can do offline ({listed}). "
            "Set MISTRAL_API_KEY to send the same request to a real Mistral model (lesson 00 shows how)."
        )
        return Reply(content=text, skill=self.name)
