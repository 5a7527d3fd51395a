"""An embedding as the API returns it: `output_dtype` (float, int8, uint8, binary, ubinary) and
`encoding_format` (float: a JSON list; base64: the little-endian bytes of that list, base64-encoded).

The hosted API documents the dtypes for codestral-embed: int8 values run from -128 to 127, uint8 from 0 to 255;
binary and ubinary keep one bit per dimension (the sign), packed eight to a byte, so a row has a length of an
eighth of the dimension; binary stores each byte in offset binary (the byte minus 128, an int8), ubinary as is.
How the service scales floats to 8 bits is not published; here each row is scaled by its largest magnitude.
"""

from __future__ import annotations

import base64

import numpy as np

# The numpy type of one value of each dtype, as it travels in a base64 string.
WIRE_TYPES = {"float": "<f4", "int8": "i1", "uint8": "u1", "binary": "i1", "ubinary": "u1"}


def quantize(vectors: np.ndarray, dtype: str) -> np.ndarray:
    """Rows of float vectors in the asked dtype (binary kinds: len/8 packed bytes a row)."""
    if dtype == "float":
        return vectors.astype(np.float32)
    if dtype in ("binary", "ubinary"):
        packed = np.packbits(vectors > 0, axis=1)  # first dimension in the highest bit
        return (packed.astype(np.int16) - 128).astype(np.int8) if dtype == "binary" else packed
    scale = np.abs(vectors).max(axis=1, keepdims=True)
    unit = vectors / np.where(scale > 0, scale, 1)  # every value now in [-1, 1]
    if dtype == "int8":
        return np.clip(np.rint(unit * 127), -128, 127).astype(np.int8)
    return np.clip(np.rint((unit + 1) * 127.5), 0, 255).astype(np.uint8)


def rows(vectors: np.ndarray, dtype: str = "float", encoding: str = "float") -> list:
    """Each row as the response's `embedding` field: a list of numbers, or a base64 string."""
    values = quantize(vectors, dtype)
    if encoding == "base64":
        wire = values.astype(WIRE_TYPES[dtype])
        return [base64.b64encode(row.tobytes()).decode("ascii") for row in wire]
    if dtype == "float":
        # Seven decimals keep unit length to 1e-6 and halve the JSON (the service's own floats are coarser).
        return values.astype("float64").round(7).tolist()
    return values.astype(int).tolist()


def decode(text: str, dtype: str = "float") -> np.ndarray:
    """The values of one base64 `embedding` (what a client does with encoding_format=base64)."""
    return np.frombuffer(base64.b64decode(text), dtype=WIRE_TYPES[dtype])
