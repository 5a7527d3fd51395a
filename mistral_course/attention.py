"""Mistral 7B's attention on a toy scale: RoPE, grouped-query attention, a sliding window,
and the rolling-buffer KV cache.

Conventions, stated once:
- window W: a query at position i sees the keys at positions i-W+1 .. i, that is W keys
  *including itself*. This is what 🤗 transformers does (`kv_idx > q_idx - sliding_window`).
  Mistral's first reference code built its mask with `triu(diagonal=-W)`, which lets a
  query see W+1 keys; `sliding_window_mask(n, W + 1)` reproduces that one.
- RoPE pairs neighbouring dimensions (0,1), (2,3), ... as Mistral's reference code does.
  🤗 transformers pairs dimension d with d + head_dim/2 instead; `to_hf_qk_weight` permutes
  the rows of a query or key projection so that both layouts compute the same attention.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class AttentionArgs:
    dim: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    window: int | None = None  # None: plain causal attention
    rope_theta: float = 10_000.0


# --------------------------------------------------------------------------- masks
def sliding_window_mask(seq_len: int, window: int | None) -> torch.Tensor:
    """Boolean (seq_len, seq_len): True where query i may attend to key j. A window must hold at least the
    token itself: a window under 1 would mask every key, and softmax over no key is undefined."""
    if window is not None and window < 1:
        raise ValueError(f"window must be at least 1 (the token itself), not {window}")
    i = torch.arange(seq_len)[:, None]
    j = torch.arange(seq_len)[None, :]
    allowed = j <= i
    return allowed & (i - j < window) if window is not None else allowed


def reachable(mask: torch.Tensor, layers: int) -> torch.Tensor:
    """Which positions can influence which after `layers` layers with this mask (boolean matrix power)."""
    step = mask.to(torch.int64)
    out = step.clone()
    for _ in range(layers - 1):
        out = ((out @ step) > 0).to(torch.int64)
    return out.bool()


# --------------------------------------------------------------------------- RoPE
def rope_angles(head_dim: int, positions: torch.Tensor, theta: float = 10_000.0) -> torch.Tensor:
    """Complex rotations, shape (len(positions), head_dim // 2)."""
    freqs = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    angles = positions.to(torch.float64)[:, None] * freqs[None, :]
    return torch.polar(torch.ones_like(angles), angles).to(torch.complex64)


def apply_rope(x: torch.Tensor, rotations: torch.Tensor) -> torch.Tensor:
    """Rotate neighbouring pairs of x (batch, seq, heads, head_dim) by position."""
    pairs = torch.view_as_complex(x.float().reshape(*x.shape[:-1], -1, 2))
    rotated = pairs * rotations[None, :, None, :]
    return torch.view_as_real(rotated).flatten(-2).type_as(x)


def to_hf_qk_weight(weight: torch.Tensor, n_heads: int, head_dim: int) -> torch.Tensor:
    """Reorder a q/k projection's rows from neighbouring pairs to 🤗's half-split layout."""
    order = torch.cat([torch.arange(0, head_dim, 2), torch.arange(1, head_dim, 2)])
    return weight.view(n_heads, head_dim, -1)[:, order].reshape_as(weight)


# --------------------------------------------------------------------------- attention
class Attention(nn.Module):
    """Grouped-query attention with RoPE and an optional sliding window (names as in Mistral's code)."""

    def __init__(self, args: AttentionArgs):
        super().__init__()
        assert args.n_heads % args.n_kv_heads == 0, "query heads must share key/value heads evenly"
        self.args = args
        self.repeats = args.n_heads // args.n_kv_heads
        self.wq = nn.Linear(args.dim, args.n_heads * args.head_dim, bias=False)
        self.wk = nn.Linear(args.dim, args.n_kv_heads * args.head_dim, bias=False)
        self.wv = nn.Linear(args.dim, args.n_kv_heads * args.head_dim, bias=False)
        self.wo = nn.Linear(args.n_heads * args.head_dim, args.dim, bias=False)

    def project(self, x: torch.Tensor, positions: torch.Tensor):
        """Queries, keys and values for x (batch, seq, dim), RoPE applied to queries and keys."""
        a = self.args
        b, s, _ = x.shape
        q = self.wq(x).view(b, s, a.n_heads, a.head_dim)
        k = self.wk(x).view(b, s, a.n_kv_heads, a.head_dim)
        v = self.wv(x).view(b, s, a.n_kv_heads, a.head_dim)
        rotations = rope_angles(a.head_dim, positions, a.rope_theta)
        return apply_rope(q, rotations), apply_rope(k, rotations), v

    def attend(self, q, k, v, allowed: torch.Tensor) -> torch.Tensor:
        """q (b, sq, heads, hd); k, v (b, sk, kv_heads, hd); allowed (sq, sk) -> (b, sq, dim)."""
        k = k.repeat_interleave(self.repeats, dim=2)  # each key/value head serves `repeats` query heads
        v = v.repeat_interleave(self.repeats, dim=2)
        scores = torch.einsum("bqhd,bkhd->bhqk", q, k) / self.args.head_dim ** 0.5
        scores = scores.masked_fill(~allowed, float("-inf"))
        out = torch.einsum("bhqk,bkhd->bqhd", F.softmax(scores.float(), dim=-1).type_as(q), v)
        return self.wo(out.flatten(2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Full (sliding-window) causal attention over a whole sequence x (batch, seq, dim)."""
        positions = torch.arange(x.shape[1])
        q, k, v = self.project(x, positions)
        return self.attend(q, k, v, sliding_window_mask(x.shape[1], self.args.window))

    def step(self, x: torch.Tensor, position: int, cache: "RollingCache") -> torch.Tensor:
        """One new token x (batch, 1, dim) at `position`: write its key/value into the cache, attend to the cache."""
        q, k, v = self.project(x, torch.tensor([position]))
        cache.write(k, v, position)
        return self.attend(q, cache.k, cache.v, cache.filled[None, :])


class RollingCache:
    """A key/value cache of `slots` entries; position p is written to slot p mod slots.

    With slots = W (the window), the slot a new token overwrites held the one position
    that has just left the window, so the cache always holds exactly what the query may see.
    Keys are stored already rotated by RoPE, so their order in the buffer does not matter.
    """

    def __init__(self, slots: int, n_kv_heads: int, head_dim: int, batch: int = 1, dtype=torch.float32):
        self.slots = slots
        self.k = torch.zeros(batch, slots, n_kv_heads, head_dim, dtype=dtype)
        self.v = torch.zeros(batch, slots, n_kv_heads, head_dim, dtype=dtype)
        self.positions = torch.full((slots,), -1)  # which position each slot holds (-1: empty)

    def write(self, k: torch.Tensor, v: torch.Tensor, position: int) -> None:
        slot = position % self.slots
        self.k[:, slot], self.v[:, slot] = k[:, 0], v[:, 0]
        self.positions[slot] = position

    @property
    def filled(self) -> torch.Tensor:
        return self.positions >= 0

    @property
    def nbytes(self) -> int:
        return self.k.nbytes + self.v.nbytes


def kv_cache_bytes(layers: int, kv_heads: int, head_dim: int, tokens: int, bytes_per_value: int = 2,
                   batch: int = 1) -> int:
    """Memory of a KV cache: 2 (keys and values) x layers x kv_heads x head_dim x tokens x bytes x batch."""
    return 2 * layers * kv_heads * head_dim * tokens * bytes_per_value * batch
