"""Embeddings: mistral-embed's shape, unit length, and similarities that mean something."""

import numpy as np
import pytest
from mistralai.client import errors


def embed(client, texts):
    r = client.embeddings.create(model="mistral-embed", inputs=texts)
    return np.array([d.embedding for d in r.data]), r


def test_shape_norm_and_usage(client):
    vectors, r = embed(client, ["The parcel is late.", "Quel est le taux de change ?"])
    assert vectors.shape == (2, 1024)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert [d.index for d in r.data] == [0, 1] and r.usage.prompt_tokens > 0


def test_similar_meanings_are_closer(client):
    vectors, _ = embed(client, [
        "My new debit card still has not been delivered.",
        "The card I ordered never arrived in the post.",
        "Which currencies can I convert and at what rate?",
    ])
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_a_text_with_no_known_words_still_gets_a_unit_vector(client):
    vectors, _ = embed(client, ["", "zzqx"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_chat_model_is_not_an_embedding_model(client):
    with pytest.raises(errors.SDKError) as info:
        client.embeddings.create(model="mistral-small-latest", inputs=["x"])
    assert info.value.status_code == 400 and info.value.raw_response.json()["type"] == "invalid_model"


def test_other_output_dimensions_are_refused(client):
    with pytest.raises(errors.SDKError) as info:
        client.embeddings.create(model="mistral-embed", inputs=["x"], output_dimension=256)
    assert info.value.status_code == 400
