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


@pytest.mark.parametrize("dtype, length, low, high", [("int8", 1024, -128, 127), ("uint8", 1024, 0, 255),
                                                       ("binary", 128, -128, 127), ("ubinary", 128, 0, 255)])
def test_output_dtypes_have_their_ranges_and_shapes(client, dtype, length, low, high):
    floats = np.array(client.embeddings.create(model="mistral-embed", inputs=["card arrival"]).data[0].embedding)
    row = client.embeddings.create(model="mistral-embed", inputs=["card arrival"],
                                   output_dtype=dtype).data[0].embedding
    assert len(row) == length and all(float(v).is_integer() and low <= v <= high for v in row)
    values = np.array(row)
    if dtype in ("binary", "ubinary"):  # one sign bit a dimension, eight to a byte
        bits = np.unpackbits((values + (128 if dtype == "binary" else 0)).astype(np.uint8))
        assert (bits == (floats > 0)).all()
    else:  # the same direction, in 8 bits
        centred = values - (127.5 if dtype == "uint8" else 0)
        assert np.dot(centred, floats) / np.linalg.norm(centred) / np.linalg.norm(floats) > 0.999


def test_base64_embeddings_are_the_little_endian_bytes_of_the_values(http):
    from mistral_course.offline.embedding_formats import decode

    body = {"model": "mistral-embed", "input": ["card arrival", "change pin"]}
    plain = http.post("/v1/embeddings", json=body).json()["data"]
    packed = http.post("/v1/embeddings", json={**body, "encoding_format": "base64"}).json()["data"]
    for p, b in zip(plain, packed):
        assert isinstance(b["embedding"], str)
        assert np.allclose(decode(b["embedding"]), p["embedding"], atol=1e-6)
    quantized = http.post("/v1/embeddings", json={**body, "encoding_format": "base64", "output_dtype": "int8"})
    ints = http.post("/v1/embeddings", json={**body, "output_dtype": "int8"}).json()["data"][0]["embedding"]
    assert decode(quantized.json()["data"][0]["embedding"], "int8").tolist() == ints


def test_an_unknown_dtype_or_encoding_is_a_422(http):
    for field, value in (("output_dtype", "float16"), ("encoding_format", "hex")):
        response = http.post("/v1/embeddings", json={"model": "mistral-embed", "input": "x", field: value})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", field]
