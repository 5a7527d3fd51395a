"""The models the offline backend answers to, with the facts GET /v1/models reports (the spec's BaseModelCard).

A family is one model under several ids: its `-latest` alias and the dated ids behind it (a dated id pins one
version). Every id of a current family is accepted and has its own card, whose `aliases` are the family's other
ids. Retired ids are not listed and get the real 400 invalid_model; `RETIRED` says when and what replaced them.

Facts: Mistral's public documentation (platform-docs-public, August 2026). Where it names no dated id for an alias
(mistral-medium-latest, mistral-embed) the family has none here. The documentation disagrees on which dated Small
`mistral-small-latest` points to (2506 or 2603); here it is 2603, the newer, and 2506 is its own family.
"""

from __future__ import annotations

from dataclasses import dataclass

CREATED = 1_735_689_600  # a fixed timestamp (2025-01-01): offline responses never carry the clock


@dataclass(frozen=True)
class ModelInfo:
    ids: tuple[str, ...]  # the alias first (when there is one), then the dated ids
    description: str
    max_context_length: int
    chat: bool = True
    function_calling: bool = True
    reasoning: bool = False
    fim: bool = False
    fine_tuning: bool = False
    vision: bool = False
    embedding_dims: tuple[int, int, int] | None = None  # an embedding model's (smallest, default, largest) width
    deprecation: str | None = None  # an ISO date-time, for a model still served but on its way out
    replacement: str | None = None

    @property
    def id(self) -> str:
        return self.ids[0]

    def card(self, model_id: str | None = None) -> dict:
        model_id = model_id or self.id
        return {
            "id": model_id,
            "object": "model",
            "created": CREATED,
            "owned_by": "mistralai",
            "capabilities": {
                "completion_chat": self.chat,
                "function_calling": self.function_calling,
                "reasoning": self.reasoning,
                "completion_fim": self.fim,
                "fine_tuning": self.fine_tuning,
                "vision": self.vision,
                "classification": False,
            },
            "name": model_id,
            "description": self.description,
            "max_context_length": self.max_context_length,
            "aliases": [i for i in self.ids if i != model_id],
            "deprecation": self.deprecation,
            "deprecation_replacement_model": self.replacement,
            "default_model_temperature": None if not self.chat else 0.3,
            "type": "base",
        }


MODELS = [
    ModelInfo(("mistral-small-latest", "mistral-small-2603"), "Mistral Small 4: small, fast, reasoning on request.",
              131_072, reasoning=True, fine_tuning=True, vision=True),
    ModelInfo(("mistral-small-2506",), "Mistral Small 3.2.", 131_072, fine_tuning=True, vision=True),
    ModelInfo(("mistral-medium-latest",), "Mistral Medium 3.5: frontier-class multimodal model at a medium price.",
              131_072, vision=True),
    ModelInfo(("mistral-large-latest", "mistral-large-2512"), "Mistral Large 3: Mistral's largest general model.",
              131_072, vision=True),
    ModelInfo(("ministral-3b-latest", "ministral-3b-2512"), "Ministral 3 3B: tiny edge model.", 131_072,
              fine_tuning=True),
    ModelInfo(("ministral-8b-latest", "ministral-8b-2512"), "Ministral 3 8B: small edge model.", 131_072,
              fine_tuning=True),
    ModelInfo(("ministral-14b-latest", "ministral-14b-2512"), "Ministral 3 14B: the largest edge model.", 131_072),
    ModelInfo(("codestral-latest", "codestral-2508"), "Code model, with fill-in-the-middle.", 262_144, fim=True,
              fine_tuning=True),
    ModelInfo(("mistral-embed",), "Text embeddings, 1024 dimensions.", 8_192, chat=False, function_calling=False,
              embedding_dims=(1024, 1024, 1024)),
    ModelInfo(("codestral-embed",), "Code embeddings: 1536 dimensions by default, up to 3072.", 8_192, chat=False,
              function_calling=False, embedding_dims=(1, 1536, 3072)),
]
BY_ID = {model_id: m for m in MODELS for model_id in m.ids}
ALL_IDS = [model_id for m in MODELS for model_id in m.ids]


@dataclass(frozen=True)
class Retired:
    retired: str  # the date the API stopped serving it
    replacement: str
    note: str = ""


# Named in older material; the API answers 400 invalid_model since their retirement.
RETIRED = {
    "open-mistral-7b": Retired("2025-03-30", "ministral-8b-latest", "Mistral 7B, open weights (Apache 2.0)"),
    "open-mixtral-8x7b": Retired("2025-03-30", "ministral-8b-latest", "Mixtral 8x7B, open weights (Apache 2.0)"),
    "open-mixtral-8x22b": Retired("2025-03-30", "ministral-8b-latest", "Mixtral 8x22B, open weights (Apache 2.0)"),
}


def status(model_id: str) -> str:
    """"current", "retired" or "unknown": what the catalog knows of an id (the API's 400 does not tell)."""
    if model_id in BY_ID:
        return "current"
    return "retired" if model_id in RETIRED else "unknown"
