"""Request bodies as the hosted API accepts them.

Every model forbids unknown fields, so a typo such as `max_token` gets the same
422 with a `detail` list that the real service sends. Ranges follow the
official OpenAPI specification; upper bounds the specification leaves open come
from `LIMITS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class Limits:
    """Every limit the offline API enforces, in one place (the README's table repeats them).

    The hosted API's own answers are kept where they are known: 400 "Too many inputs in request" past 512
    embedding inputs and 400 "Too many tokens overall" past 16,384 embedding tokens.
    """
    max_json_body_bytes: int = 2_000_000       # any JSON request body; 413 beyond
    max_upload_bytes: int = 20_000_000         # a multipart file upload (the hosted API allowed 512 MB); 413 beyond
    max_url_bytes: int = 8_192                 # path and query; 414 beyond
    max_header_bytes: int = 16_384             # all request headers together; 431 beyond
    body_timeout_seconds: float = 30.0         # a body that stops arriving for this long gets 408
    max_n: int = 16                            # chat choices per request; 422 beyond
    max_embedding_inputs: int = 512            # texts in one embedding request; 400 beyond
    max_embedding_tokens: int = 16_384         # tokens over all texts of one embedding request; 400 beyond
    max_embedding_input_tokens: int = 8_192    # tokens in one text (mistral-embed's context); 400 beyond
    max_training_steps: int = 300              # the open-source trainer's default; 422 beyond
    max_seq_len: int = 512                     # the course's tiny model's context; 422 beyond, and the default
    max_poll_wait_served: float = 2.0          # a served GET of a job waits at most this long for news
    max_poll_wait_in_process: float = 600.0    # in a notebook, a GET of a job waits until the job moves on


LIMITS = Limits()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- messages
class TextChunk(Strict):
    type: Literal["text"] = "text"
    text: str


class ImageURLChunk(Strict):
    type: Literal["image_url"]
    image_url: Union[str, dict[str, Any]]


class ThinkChunk(Strict):
    """A reasoning model's thinking, as it comes back in an answer (and may be sent back in the history)."""
    type: Literal["thinking"] = "thinking"
    thinking: list[TextChunk]
    signature: str | None = None
    closed: bool = True


Chunk = Annotated[Union[TextChunk, ImageURLChunk, ThinkChunk], Field(discriminator="type")]
Content = Union[str, list[Chunk], None]


class FunctionCall(Strict):
    name: str
    arguments: Union[str, dict[str, Any]]


class ToolCall(Strict):
    id: str | None = None
    type: Literal["function"] | None = "function"
    function: FunctionCall
    index: int | None = None


class SystemMessage(Strict):
    role: Literal["system"]
    content: Union[str, list[Chunk]]


class UserMessage(Strict):
    role: Literal["user"]
    content: Content


class AssistantMessage(Strict):
    role: Literal["assistant"]
    content: Content = None
    tool_calls: list[ToolCall] | None = None
    prefix: bool = False


class ToolMessage(Strict):
    role: Literal["tool"]
    content: Content
    tool_call_id: str | None = None
    name: str | None = None


Message = Annotated[Union[SystemMessage, UserMessage, AssistantMessage, ToolMessage], Field(discriminator="role")]


# --------------------------------------------------------------------------- tools and formats
class Function(Strict):
    name: str
    description: str = ""
    parameters: dict[str, Any]
    strict: bool | None = None


class Tool(Strict):
    type: Literal["function"] = "function"
    function: Function


class FunctionName(Strict):
    name: str


class NamedToolChoice(Strict):
    type: Literal["function"] = "function"
    function: FunctionName


class JsonSchema(Strict):
    name: str
    description: str | None = None
    schema_: dict[str, Any] = Field(alias="schema")
    strict: bool | None = None


class ResponseFormat(Strict):
    type: Literal["text", "json_object", "json_schema"] = "text"
    json_schema: JsonSchema | None = None


class Prediction(Strict):
    type: Literal["content"] = "content"
    content: str = ""


# --------------------------------------------------------------------------- guardrails (the spec's GuardrailConfig)
class Open(BaseModel):
    """A spec object without `additionalProperties: false`: unknown keys pass, known ones are type-checked."""
    model_config = ConfigDict(extra="allow")


class ModerationLLMConfig(Open):
    model_name: str | None = None  # the spec's default: mistral-moderation-2411 (v1) or -2603 (v2)
    custom_category_thresholds: dict[str, Union[float, None]] | None = None
    ignore_other_categories: bool = False
    action: Literal["none", "block"] = "none"


class GuardrailConfig(Open):
    block_on_error: bool = False
    moderation_llm_v1: ModerationLLMConfig | None = None
    moderation_llm_v2: ModerationLLMConfig | None = None


# --------------------------------------------------------------------------- requests
class ChatRequest(Strict):
    model: str
    messages: list[Message]
    temperature: Annotated[float, Field(ge=0, le=1.5)] | None = None
    top_p: Annotated[float, Field(gt=0, le=1)] | None = None
    max_tokens: Annotated[int, Field(ge=0)] | None = None
    stream: bool = False
    stop: Union[str, list[str], None] = None
    random_seed: Annotated[int, Field(ge=0)] | None = None
    metadata: dict[str, Any] | None = None
    response_format: ResponseFormat | None = None
    tools: list[Tool] | None = None
    tool_choice: Union[Literal["auto", "none", "any", "required"], NamedToolChoice, None] = None
    presence_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    frequency_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    n: Annotated[int, Field(ge=1, le=LIMITS.max_n)] | None = None
    prediction: Prediction | None = None
    parallel_tool_calls: bool | None = None
    prompt_mode: Literal["reasoning"] | None = None
    safe_prompt: bool = False
    # Sampling knobs the SDK can send; the offline backend is deterministic and ignores them.
    min_tokens: Annotated[int, Field(ge=0)] | None = None
    repetition_penalty: float | None = None
    top_k: Annotated[int, Field(ge=0)] | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    prompt_logprobs: bool | None = None
    top_prompt_logprobs: int | None = None
    reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"] | None = None
    guardrails: list[GuardrailConfig] | None = None  # checked, not run: the offline backend has no moderation model
    prompt_cache_key: str | None = None
    service_tier: str | None = None


class EmbeddingRequest(Strict):
    model: str
    input: Union[str, list[str]]
    metadata: dict[str, Any] | None = None
    output_dimension: Annotated[int, Field(gt=0)] | None = None
    output_dtype: Literal["float", "int8", "uint8", "binary", "ubinary"] | None = None  # None: float
    encoding_format: Literal["float", "base64"] | None = None  # None: float


# --------------------------------------------------------------------------- fine-tuning (legacy job API)
class TrainingFile(Strict):
    file_id: str
    weight: Annotated[float, Field(gt=0)] = 1.0


class Hyperparameters(Strict):
    training_steps: Annotated[int, Field(ge=1, le=LIMITS.max_training_steps)] | None = None
    learning_rate: Annotated[float, Field(ge=1e-8, le=1)] = 1e-4
    weight_decay: Annotated[float, Field(ge=0, le=1)] | None = 0.1
    warmup_fraction: Annotated[float, Field(ge=0, le=1)] | None = 0.05
    epochs: Annotated[float, Field(gt=0)] | None = None
    seq_len: Annotated[int, Field(ge=100, le=LIMITS.max_seq_len)] | None = None
    fim_ratio: Annotated[float, Field(ge=0, le=1)] | None = 0.9


class JobRequest(Strict):
    model: str
    training_files: list[TrainingFile] = []
    validation_files: list[str] | None = None
    suffix: Annotated[str, Field(max_length=18)] | None = None
    integrations: list[dict[str, Any]] | None = None
    auto_start: bool = True
    invalid_sample_skip_percentage: Annotated[float, Field(ge=0, le=0.5)] = 0
    job_type: Literal["completion"] | None = None
    hyperparameters: Hyperparameters = Hyperparameters()
    repositories: list[dict[str, Any]] | None = None
