"""Blockwise quantization as llama.cpp does it, from scratch in numpy: Q8_0 and Q4_0.

A weight matrix is cut into blocks of 32 consecutive values along each row. Each block keeps one scale
`d`, stored as a 16-bit float, and 32 small integers q, so that a weight is approximately d * q:
- Q8_0: d = max|x| / 127 and q = round(x / d), a signed byte (-127..127): 34 bytes a block, 8.5 bits a weight;
- Q4_0: d = m / -8, where m is the value of largest magnitude (sign kept), and q = x / d + 8 cut to 0..15,
  two per byte: 18 bytes a block, 4.5 bits a weight. The weight is d * (q - 8).

The bytes are laid out as in a GGUF file, so they can be compared with the `gguf` package's reference
quantizer (gguf.quants) and with the tensors llama.cpp's own quantizer writes.
"""

from __future__ import annotations

import numpy as np

BLOCK = 32
BYTES_PER_BLOCK = {"Q8_0": 2 + BLOCK, "Q4_0": 2 + BLOCK // 2}


def _blocks(weights: np.ndarray) -> np.ndarray:
    weights = np.asarray(weights, dtype=np.float32)
    if weights.shape[-1] % BLOCK:
        raise ValueError(f"rows must be a multiple of {BLOCK} values long, not {weights.shape[-1]}")
    return weights.reshape(-1, BLOCK)


def _round_half_away(x: np.ndarray) -> np.ndarray:
    """C's roundf: halves go away from zero (numpy's round goes to the even neighbour)."""
    return np.sign(x) * np.floor(np.abs(x) + np.float32(0.5))


def _inverse(d: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.where(d == 0, np.float32(0), np.float32(1) / d).astype(np.float32)


def quantize_q8_0(weights: np.ndarray) -> bytes:
    blocks = _blocks(weights)
    d = np.abs(blocks).max(axis=1, keepdims=True) / np.float32(127)
    q = _round_half_away(blocks * _inverse(d)).astype(np.int8)
    return np.concatenate([d.astype(np.float16).view(np.uint8), q.view(np.uint8)], axis=1).tobytes()


def quantize_q4_0(weights: np.ndarray) -> bytes:
    blocks = _blocks(weights)
    largest = np.take_along_axis(blocks, np.abs(blocks).argmax(axis=1, keepdims=True), axis=1)
    d = largest / np.float32(-8)
    q = np.clip(np.trunc(blocks * _inverse(d) + np.float32(8.5)), 0, 15).astype(np.uint8)
    packed = q[:, :BLOCK // 2] | (q[:, BLOCK // 2:] << 4)  # values j and j+16 share byte j
    return np.concatenate([d.astype(np.float16).view(np.uint8), packed], axis=1).tobytes()


def dequantize(data: bytes, kind: str, shape: tuple[int, ...]) -> np.ndarray:
    """The float32 weights the quantized bytes stand for."""
    raw = np.frombuffer(data, dtype=np.uint8).reshape(-1, BYTES_PER_BLOCK[kind])
    d = raw[:, :2].copy().view(np.float16).astype(np.float32)
    if kind == "Q8_0":
        q = raw[:, 2:].copy().view(np.int8).astype(np.float32)
    else:
        packed = raw[:, 2:]
        q = np.concatenate([packed & 0x0F, packed >> 4], axis=1).astype(np.float32) - 8
    return (d * q).reshape(shape)


QUANTIZERS = {"Q8_0": quantize_q8_0, "Q4_0": quantize_q4_0}


def bits_per_weight(kind: str) -> float:
    return BYTES_PER_BLOCK[kind] * 8 / BLOCK
