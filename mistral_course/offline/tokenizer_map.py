"""Which mistral-common tokenizer version counts each catalog model's tokens, and how we know.

A version is "documented" when a public Mistral source names it for that model; otherwise the entry is a fallback
and says why. Sources (checked November 2026):
- the weights table of Mistral's documentation (platform-docs-public, "Model weights", August 2026):
  Mistral-Small-3.2-24B-Instruct-2506 "Supports v11 tekken.json tokenizer";
- the tokenization guide of the same documentation: `mistral-embed` uses v1.
Mistral publishes no tokenizer version for the other hosted models (Small 4, Medium 3.5, Large 3, Ministral 3,
Codestral 2508, codestral-embed). The documentation says only that today's hosted models use versions newer
than v3, so those entries fall back to v11, the newest version it names for a hosted model.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TokenizerChoice:
    version: str  # a mistral-common TokenizerVersion value: "v1", "v3", "v7", "v11", "v13"
    tekken: bool  # Tekken (tiktoken, 131k vocabulary) or SentencePiece
    documented: bool  # True when a public Mistral source names this version for the model
    why: str  # the source, or the reason for the fallback


SMALL_3_2 = TokenizerChoice(
    "v11", True, True,
    "Mistral's weights table: Mistral-Small-3.2-24B-Instruct-2506 supports the v11 tekken.json tokenizer.")
EMBED = TokenizerChoice(
    "v1", False, True, "Mistral's tokenization guide lists mistral-embed under tokenizer v1 (SentencePiece).")
NOT_PUBLISHED = TokenizerChoice(
    "v11", True, False,
    "Not published. Mistral says today's hosted models use versions newer than v3; v11 is the newest it names "
    "for a hosted model (Small 3.2), so the count follows v11 and may differ from the API's.")
NOT_PUBLISHED_EMBED = TokenizerChoice(
    "v11", True, False,
    "Not published. An embedding request counts plain text only, with no chat template; this counts it with "
    "the Tekken vocabulary, which may differ from the model's own.")

# One entry per catalog id (catalog.ALL_IDS); tests/test_tokenizer_map.py checks that none is missing.
TOKENIZERS: dict[str, TokenizerChoice] = {
    "mistral-small-latest": NOT_PUBLISHED,  # points to Small 4 (2603) here; see catalog.py
    "mistral-small-2603": NOT_PUBLISHED,
    "mistral-small-2506": SMALL_3_2,
    "mistral-medium-latest": NOT_PUBLISHED,
    "mistral-large-latest": NOT_PUBLISHED,
    "mistral-large-2512": NOT_PUBLISHED,
    "ministral-3b-latest": NOT_PUBLISHED,
    "ministral-3b-2512": NOT_PUBLISHED,
    "ministral-8b-latest": NOT_PUBLISHED,
    "ministral-8b-2512": NOT_PUBLISHED,
    "ministral-14b-latest": NOT_PUBLISHED,
    "ministral-14b-2512": NOT_PUBLISHED,
    "codestral-latest": NOT_PUBLISHED,
    "codestral-2508": NOT_PUBLISHED,
    "mistral-embed": EMBED,
    "codestral-embed": NOT_PUBLISHED_EMBED,
}


def base_model(model_id: str) -> str:
    """The catalog id behind a model: a fine-tuned `ft:<base>:…` id counts with its base model's tokenizer."""
    if model_id.startswith("ft:") and model_id.count(":") >= 2:
        return model_id.split(":")[1]
    return model_id


def choice_for(model_id: str) -> TokenizerChoice:
    """The tokenizer entry of a catalog model (or of a fine-tuned model's base). KeyError for any other id:
    there is no silent default."""
    base = base_model(model_id)
    if base not in TOKENIZERS:
        raise KeyError(f"No tokenizer entry for model {model_id!r}: it is not in the offline catalog")
    return TOKENIZERS[base]
