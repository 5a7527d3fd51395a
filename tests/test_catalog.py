"""Today's catalog through the real SDK: aliases and their dated ids, capability flags, retired ids refused the way
the API refuses them, and codestral-embed's widths."""

import numpy as np
import pytest
from mistralai.client import errors

from mistral_course.offline import catalog

from conftest import user

DATED = ["mistral-small-2603", "mistral-small-2506", "mistral-large-2512", "ministral-3b-2512", "ministral-8b-2512",
         "ministral-14b-2512", "ministral-14b-latest", "codestral-2508"]


@pytest.mark.parametrize("model", DATED)
def test_a_dated_id_of_a_current_model_is_accepted(client, model):
    answer = client.chat.complete(model=model, messages=user("hello"))
    assert answer.model == model and answer.choices[0].message.content.startswith("Hello!")


@pytest.mark.parametrize("model", ["open-mistral-7b", "open-mixtral-8x22b", "mistral-small-9999", "gpt-4o"])
def test_retired_and_never_existed_get_the_same_400(client, model):
    with pytest.raises(errors.SDKError) as info:
        client.chat.complete(model=model, messages=user("hello"))
    assert info.value.status_code == 400
    assert info.value.raw_response.json()["message"] == f"Invalid model: {model}"
    # Only the catalog tells the two apart.
    assert catalog.status(model) == ("retired" if model.startswith("open-") else "unknown")


def test_the_list_has_every_id_with_its_aliases_and_flags(client):
    cards = {m.id: m for m in client.models.list().data}
    assert set(cards) == set(catalog.ALL_IDS) and not set(cards) & set(catalog.RETIRED)
    assert cards["mistral-large-latest"].aliases == ["mistral-large-2512"]
    assert cards["mistral-large-2512"].aliases == ["mistral-large-latest"]
    assert cards["mistral-small-latest"].capabilities.reasoning
    assert not cards["ministral-8b-latest"].capabilities.reasoning
    assert cards["codestral-2508"].capabilities.completion_fim
    assert not cards["codestral-embed"].capabilities.completion_chat
    assert all(c.deprecation is None and c.deprecation_replacement_model is None for c in cards.values())
    assert client.models.retrieve(model_id="ministral-14b-2512").aliases == ["ministral-14b-latest"]


def test_retired_models_name_their_date_and_replacement():
    for model_id, retired in catalog.RETIRED.items():
        assert retired.retired == "2025-03-30" and catalog.status(retired.replacement) == "current"


@pytest.mark.parametrize("dims, expected", [(None, 1536), (3072, 3072), (256, 256), (64, 64)])
def test_codestral_embed_widths(client, dims, expected):
    options = {} if dims is None else {"output_dimension": dims}
    rows = client.embeddings.create(model="codestral-embed", inputs=["def add(a, b):", "return a + b"], **options)
    vectors = np.array([d.embedding for d in rows.data])
    assert vectors.shape == (2, expected) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_codestral_embed_refuses_widths_beyond_its_range(client):
    with pytest.raises(errors.SDKError) as info:
        client.embeddings.create(model="codestral-embed", inputs=["x"], output_dimension=4096)
    assert info.value.status_code == 400 and "1 to 3072" in info.value.raw_response.json()["message"]
    packed = client.embeddings.create(model="codestral-embed", inputs=["x"], output_dtype="ubinary")
    assert len(packed.data[0].embedding) == 1536 // 8
