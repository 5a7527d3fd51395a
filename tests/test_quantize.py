"""Q8_0 and Q4_0 from scratch: the same bytes as the `gguf` package's reference quantizer, and the error
each one makes is within what its bits allow."""

import numpy as np
import pytest
from gguf import GGMLQuantizationType, quants

from mistral_course.quantize import bits_per_weight, dequantize, quantize_q4_0, quantize_q8_0

KINDS = {"Q8_0": (quantize_q8_0, GGMLQuantizationType.Q8_0), "Q4_0": (quantize_q4_0, GGMLQuantizationType.Q4_0)}


def weights(seed=0, shape=(48, 96)):
    w = np.random.default_rng(seed).normal(0, 0.02, shape).astype(np.float32)
    w[0, :32] = 0.0  # an all-zero block: scale 0
    w[1, 5] = 0.4  # an outlier
    w[2, :32] = np.linspace(-1, 1, 32)  # exact halves after scaling happen here
    return w


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_bytes_as_the_gguf_reference(kind, seed):
    ours, theirs = KINDS[kind]
    w = weights(seed)
    assert ours(w) == quants.quantize(w, theirs).tobytes()


@pytest.mark.parametrize("kind", KINDS)
def test_size_and_round_trip(kind):
    ours, theirs = KINDS[kind]
    w = weights()
    data = ours(w)
    assert len(data) * 8 / w.size == bits_per_weight(kind) == {"Q8_0": 8.5, "Q4_0": 4.5}[kind]
    back = dequantize(data, kind, w.shape)
    np.testing.assert_array_equal(back, quants.dequantize(np.frombuffer(data, np.uint8).reshape(48, -1), theirs))
    # each value is off by at most half a step of its block's scale (a Q4_0 block's extreme end: one step)
    blocks, errors = w.reshape(-1, 32), np.abs(back - w).reshape(-1, 32)
    levels = {"Q8_0": 127, "Q4_0": 8}[kind]
    step = np.abs(blocks).max(axis=1) / levels
    assert (errors.max(axis=1) <= step * 1.01 + 1e-7).all()
    assert np.abs(back - w).mean() < (0.0002 if kind == "Q8_0" else 0.004)


def test_rows_must_hold_whole_blocks():
    with pytest.raises(ValueError, match="multiple of 32"):
        quantize_q8_0(np.zeros((2, 40), np.float32))
