"""The models the offline backend answers to, with the facts GET /v1/models reports."""

from __future__ import annotations

from dataclasses import dataclass

CREATED = 1_735_689_600  # a fixed timestamp (2025-01-01): offline responses never carry the clock


@dataclass(frozen=True)
class ModelInfo:
    id: str
    description: str
    max_context_length: int
    chat: bool = True
    function_calling: bool = True
    fim: bool = False
    fine_tuning: bool = False
    vision: bool = False

    def card(self) -> dict:
        return {
            "id": self.id,
            "object": "model",
            "created": CREATED,
            "owned_by": "mistralai",
            "capabilities": {
                "completion_chat": self.chat,
                "function_calling": self.function_calling,
                "completion_fim": self.fim,
                "fine_tuning": self.fine_tuning,
                "vision": self.vision,
                "classification": False,
            },
            "name": self.id,
            "description": self.description,
            "max_context_length": self.max_context_length,
            "aliases": [],
            "deprecation": None,
            "default_model_temperature": None if not self.chat else 0.3,
            "type": "base",
        }


MODELS = [
    ModelInfo("mistral-small-latest", "Small, fast and cheap general model.", 131_072, fine_tuning=True, vision=True),
    ModelInfo("mistral-medium-latest", "Frontier-class multimodal model at a medium price.", 131_072, vision=True),
    ModelInfo("mistral-large-latest", "Mistral's largest general model.", 131_072, vision=True),
    ModelInfo("ministral-3b-latest", "Tiny edge model.", 131_072, fine_tuning=True),
    ModelInfo("ministral-8b-latest", "Small edge model.", 131_072, fine_tuning=True),
    ModelInfo("codestral-latest", "Code model, with fill-in-the-middle.", 262_144, fim=True, fine_tuning=True),
    ModelInfo("mistral-embed", "Text embeddings, 1024 dimensions.", 8_192, chat=False, function_calling=False),
]
BY_ID = {m.id: m for m in MODELS}

# Named in older material; the API answers 400 invalid_model since their retirement in 2025.
RETIRED = {"open-mistral-7b", "open-mixtral-8x7b", "open-mixtral-8x22b"}
