"""Tokenizer per model: every catalog id has a version (documented, or a fallback that says why), usage on the wire
is counted with it through the real SDK, and an id outside the catalog gets no silent default."""

import json
import os

import mistral_common
import pytest
from mistral_common.protocol.instruct.request import ChatCompletionRequest
from mistral_common.tokens.tokenizers.base import SpecialTokenPolicy, TokenizerVersion
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

from mistral_course.offline import resources
from mistral_course.offline.catalog import ALL_IDS
from mistral_course.offline.tokenizer_map import TOKENIZERS, choice_for

SYSTEM = {"role": "system", "content": "You are the bank's assistant. Answer in one sentence."}
TOOLS = [{"type": "function", "function": {
    "name": "retrieve_payment_status", "description": "Get the payment status of a transaction",
    "parameters": {"type": "object", "properties": {"transaction_id": {"type": "string"}},
                   "required": ["transaction_id"]}}}]
TOOL_TURN = [
    SYSTEM,
    {"role": "user", "content": "What is the status of transaction T1001?"},
    {"role": "assistant", "content": "", "tool_calls": [{"id": "D681PevKs", "type": "function", "function": {
        "name": "retrieve_payment_status", "arguments": '{"transaction_id": "T1001"}'}}]},
    {"role": "tool", "tool_call_id": "D681PevKs", "name": "retrieve_payment_status", "content": '{"status": "Paid"}'},
]


def encoded(mistral: MistralTokenizer, messages, tools=None):
    """The token ids of a conversation, and the template they spell (control tokens kept)."""
    tokens = mistral.encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=messages, tools=tools, model="m")).tokens
    return tokens, mistral.decode(tokens, special_token_policy=SpecialTokenPolicy.KEEP)


def test_every_catalog_id_and_every_listed_model_has_an_entry(client):
    assert set(TOKENIZERS) == set(ALL_IDS)
    listed = {m.id for m in client.models.list().data}
    assert listed == set(ALL_IDS)  # a fresh API has no fine-tuned models: the catalog is what it lists
    for model_id in listed:
        choice = choice_for(model_id)
        assert TokenizerVersion(choice.version)  # a version mistral-common knows
        assert resources.tokenizer_for(model_id).instruct_tokenizer.tokenizer.version.value == choice.version


def test_a_version_is_documented_or_the_fallback_says_so():
    documented = {m for m, c in TOKENIZERS.items() if c.documented}
    assert documented == {"mistral-small-2506", "mistral-embed"}
    assert (choice_for("mistral-small-2506").version, choice_for("mistral-embed").version) == ("v11", "v1")
    for model_id, choice in TOKENIZERS.items():
        if not choice.documented:
            assert choice.why.startswith("Not published.") and "may differ" in choice.why, model_id


def test_no_silent_fallback_outside_the_catalog(client):
    for unknown in ("open-mistral-7b", "gpt-4o", "mistral-small"):
        with pytest.raises(KeyError, match="not in the offline catalog"):
            resources.tokenizer_for(unknown)
    assert choice_for("ft:mistral-small-2506:abcd1234:20261130:bank") is choice_for("mistral-small-2506")
    with pytest.raises(KeyError):
        choice_for("ft:open-mistral-7b:abcd1234:20261130:bank")


def test_chat_usage_on_the_wire_follows_the_v11_template(client):
    r = client.chat.complete(model="mistral-small-2506", messages=TOOL_TURN, tools=TOOLS)
    v11, v11_text = encoded(resources.tekken("v11"), TOOL_TURN, TOOLS)
    v3, v3_text = encoded(resources.tokenizer(), TOOL_TURN, TOOLS)
    assert r.usage.prompt_tokens == len(v11) < len(v3)
    # v11: the system prompt has its own control tokens; a call is name [CALL_ID] id [ARGS] arguments
    assert v11_text.startswith("<s>[SYSTEM_PROMPT]You are the bank's assistant.")
    assert '[TOOL_CALLS]retrieve_payment_status[CALL_ID]D681PevKs[ARGS]{"transaction_id": "T1001"}</s>' in v11_text
    assert '[TOOL_RESULTS]D681PevKs[TOOL_CONTENT]{"status": "Paid"}[/TOOL_RESULTS]' in v11_text
    # v3 merged the system prompt into the last user turn and sent calls and results as JSON
    assert "[SYSTEM_PROMPT]" not in v3_text and '"call_id": "D681PevKs"' in v3_text


def test_embedding_usage_on_the_wire_is_counted_with_v1(client):
    texts = ["Card arrival takes 5 to 7 business days.", "Ändern Sie Ihre PIN am Automaten."]
    r = client.embeddings.create(model="mistral-embed", inputs=texts)
    v1 = resources.sentencepiece("v1").instruct_tokenizer.tokenizer
    tekken = resources.tokenizer().instruct_tokenizer.tokenizer
    counts = [len(v1.encode(t, bos=False, eos=False)) for t in texts]
    assert r.usage.prompt_tokens == sum(counts)
    assert sum(counts) != sum(len(tekken.encode(t, bos=False, eos=False)) for t in texts)


def test_the_vocabulary_matches_the_ids_mistral_common_documents():
    # mistral-common's tokenizer docs: Mistral Small 3.1's own tekken.json and Devstral Small 2505's encode these so
    small, _ = encoded(resources.tekken("v11"), [{"role": "user", "content": "Hello, how are you?"}])
    assert small == [1, 3, 22177, 1044, 2606, 1584, 1636, 1063, 4]
    raw = resources.tekken("v11").instruct_tokenizer.tokenizer
    assert raw.encode("Plz tekkenize me", bos=True, eos=True) == [1, 4444, 1122, 16058, 3569, 2033, 1639, 2]


@pytest.mark.parametrize("version, names", [
    ("v7", ["[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]"]),
    ("v11", ["[SYSTEM_PROMPT]", "[ARGS]", "[CALL_ID]"]),
    ("v13", ["[ARGS]", "[CALL_ID]", "[THINK]", "[/THINK]"]),
])
def test_each_control_token_is_one_id_that_decodes_back(version, names):
    raw = resources.tekken(version).instruct_tokenizer.tokenizer
    assert raw.version.value == version and raw.num_special_tokens == 1000
    for name in names:
        token = raw.get_special_token(name)
        assert token < raw.num_special_tokens
        assert raw.decode([token], special_token_policy=SpecialTokenPolicy.KEEP) == name


def test_the_shipped_file_alone_does_not_load_as_v11(tmp_path):
    """Why the table is built: mistral-common refuses a v11 Tekken file that lists no special tokens."""
    path = os.path.join(os.path.dirname(mistral_common.__file__), "data", "tekken_240911.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["config"]["version"] = "v11"
    (tmp_path / "tekken.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="Special tokens not found"):
        MistralTokenizer.from_file(str(tmp_path / "tekken.json"))
