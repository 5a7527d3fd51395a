"""A Mixtral-style sparse Mixture-of-Experts layer, small enough to read in one go.

Each token's router (`gate`) scores the experts; the top-k scores are turned
into weights with a softmax over those k alone, and the token's output is the
weighted sum of its k experts' outputs. `MoeLayer` computes that sum with a
plain loop over experts (the one to read); `GroupedMoeLayer` is the same layer
with a faster dispatch that sorts tokens by expert, so each expert runs once
on one contiguous block. Same weights, same result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class MoeArgs:
    num_experts: int
    num_experts_per_tok: int


class FeedForward(nn.Module):
    """The SwiGLU expert: w2(silu(w1 x) * w3 x), bias-free, names as in Mistral's code."""

    def __init__(self, dim: int, hidden_dim: int):
        super().__init__()
        self.w1 = nn.Linear(dim, hidden_dim, bias=False)
        self.w2 = nn.Linear(hidden_dim, dim, bias=False)
        self.w3 = nn.Linear(dim, hidden_dim, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class MoeLayer(nn.Module):
    """`num_experts` FeedForward experts and a bias-free router; each token uses `top_k` of them.

    forward(x) takes (tokens, dim) or (batch, seq, dim) and returns the same shape. The router
    logits of the last call are kept in `self.router_logits` (tokens, num_experts) for the
    load-balancing loss and for plots.
    """

    def __init__(self, dim: int, hidden_dim: int, num_experts: int = 8, top_k: int = 2):
        super().__init__()
        self.args = MoeArgs(num_experts, top_k)
        self.gate = nn.Linear(dim, num_experts, bias=False)
        self.experts = nn.ModuleList(FeedForward(dim, hidden_dim) for _ in range(num_experts))
        self.router_logits: torch.Tensor | None = None

    @property
    def top_k(self) -> int:
        return self.args.num_experts_per_tok

    def route(self, x: torch.Tensor):
        """Router logits (tokens, E), the chosen experts (tokens, k) and their weights (tokens, k)."""
        logits = self.gate(x)
        top_logits, chosen = torch.topk(logits, self.top_k, dim=-1)
        weights = F.softmax(top_logits, dim=-1, dtype=torch.float32).type_as(x)
        return logits, chosen, weights

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(-1, x.shape[-1])
        logits, chosen, weights = self.route(flat)
        self.router_logits = logits
        return self.mix(flat, chosen, weights).reshape(x.shape)

    def mix(self, x: torch.Tensor, chosen: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        """Each token's output, the weighted sum of its chosen experts' outputs: one expert at a time,
        on the tokens that chose it (a weight of 0 leaves a token's expert out)."""
        out = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            tokens, slot = torch.where(chosen == e)  # the tokens that chose e, and in which of their k places
            out[tokens] += weights[tokens, slot, None] * expert(x[tokens])
        return out


class GroupedMoeLayer(MoeLayer):
    """The same layer, computed the way fast implementations batch the work: sort the (token, expert)
    pairs by expert, run each expert once on its contiguous block, and add the results back per token."""

    def mix(self, x: torch.Tensor, chosen: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        order = torch.argsort(chosen.flatten(), stable=True)  # (token, slot) pairs, grouped by expert
        token_of = order // self.top_k
        counts = torch.bincount(chosen.flatten(), minlength=len(self.experts)).tolist()
        blocks = torch.split(x[token_of], counts)  # an expert no token chose gets an empty block
        outputs = torch.cat([expert(block) for expert, block in zip(self.experts, blocks)])
        return torch.zeros_like(x).index_add_(0, token_of, outputs * weights.flatten()[order, None])


def load_balancing_loss(router_logits: torch.Tensor, top_k: int) -> torch.Tensor:
    """Switch/Mixtral auxiliary loss E * sum_e f_e * P_e.

    f_e: the fraction of tokens that have expert e among their top-k (so the f_e add up to k);
    P_e: the mean router probability of expert e. Under perfectly even routing f_e = k/E and
    P_e = 1/E, so the loss is E * E * (k/E) * (1/E) = k; it grows as routing concentrates.
    """
    num_experts = router_logits.shape[-1]
    probs = F.softmax(router_logits.float(), dim=-1)
    chosen = torch.topk(router_logits, top_k, dim=-1).indices
    f = F.one_hot(chosen, num_experts).sum(dim=1).float().mean(dim=0)
    return num_experts * (f * probs.mean(dim=0)).sum()


@dataclass(frozen=True)
class CapacityResult:
    output: torch.Tensor
    dropped_fraction: float  # share of (token, expert) assignments that did not fit
    capacity: int


def forward_with_capacity(layer: MoeLayer, x: torch.Tensor, capacity_factor: float) -> CapacityResult:
    """Fixed-capacity routing: each expert takes at most ceil(factor * tokens * k / E) assignments,
    first come first served; the rest are dropped (they add nothing, the residual carries the token)."""
    flat = x.reshape(-1, x.shape[-1])
    _, chosen, weights = layer.route(flat)
    num_experts = len(layer.experts)
    capacity = math.ceil(capacity_factor * flat.shape[0] * layer.top_k / num_experts)
    one_hot = F.one_hot(chosen.flatten(), num_experts)  # (tokens*k, E) in token order
    rank_in_expert = (one_hot.cumsum(dim=0) * one_hot).sum(dim=1) - 1
    kept = (rank_in_expert < capacity).view_as(chosen)
    output = layer.mix(flat, chosen, weights * kept)
    return CapacityResult(output.reshape(x.shape), 1.0 - kept.float().mean().item(), capacity)


# --------------------------------------------------------------------------- parameter arithmetic
@dataclass(frozen=True)
class ModelConfig:
    dim: int
    n_layers: int
    head_dim: int
    hidden_dim: int
    n_heads: int
    n_kv_heads: int
    vocab_size: int
    num_experts: int = 1
    top_k: int = 1


MISTRAL_7B = ModelConfig(4096, 32, 128, 14336, 32, 8, 32000)
MIXTRAL_8X7B = ModelConfig(4096, 32, 128, 14336, 32, 8, 32000, num_experts=8, top_k=2)


def parameter_count(c: ModelConfig, active: bool = False) -> int:
    """Parameters of a Mistral/Mixtral model (untied input and output embeddings, RMSNorm weights).

    With active=True, only the top_k experts each token uses are counted.
    """
    attention = c.dim * c.n_heads * c.head_dim * 2 + c.dim * c.n_kv_heads * c.head_dim * 2
    expert = 3 * c.dim * c.hidden_dim
    experts = expert * (c.top_k if active else c.num_experts)
    router = c.dim * c.num_experts if c.num_experts > 1 else 0
    layer = attention + experts + router + 2 * c.dim
    return c.n_layers * layer + 2 * c.vocab_size * c.dim + c.dim


# --------------------------------------------------------------------------- a tiny MoE language model
class Block(nn.Module):
    """Pre-norm transformer block: causal attention, then a MoE feed-forward, each with a residual."""

    def __init__(self, dim: int, n_heads: int, hidden_dim: int, num_experts: int, top_k: int):
        super().__init__()
        from .attention import Attention, AttentionArgs

        self.attention_norm = nn.RMSNorm(dim)
        self.attention = Attention(AttentionArgs(dim, n_heads, n_heads, dim // n_heads))
        self.ffn_norm = nn.RMSNorm(dim)
        self.moe = GroupedMoeLayer(dim, hidden_dim, num_experts, top_k)

    def forward(self, x):
        h = x + self.attention(self.attention_norm(x))
        return h + self.moe(self.ffn_norm(h))


class TinyMoeLM(nn.Module):
    """A character-level language model whose every feed-forward is a MoE layer."""

    def __init__(self, vocab_size: int, dim: int = 64, n_layers: int = 2, n_heads: int = 4, hidden_dim: int = 96,
                 num_experts: int = 4, top_k: int = 2):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        self.layers = nn.ModuleList(Block(dim, n_heads, hidden_dim, num_experts, top_k) for _ in range(n_layers))
        self.norm = nn.RMSNorm(dim)
        self.output = nn.Linear(dim, vocab_size, bias=False)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embed(ids)
        for layer in self.layers:
            x = layer(x)
        return self.output(self.norm(x))

    def router_logits(self) -> list[torch.Tensor]:
        """Per layer, the router logits of the last forward pass, (tokens, num_experts)."""
        return [layer.moe.router_logits for layer in self.layers]


def train_char_lm(text: str, steps: int = 200, aux_weight: float = 0.0, seed: int = 0, seq_len: int = 64,
                  batch: int = 16, lr: float = 3e-3, **model_args):
    """Train a TinyMoeLM on `text`; returns the model, its vocabulary, and the loss of every step.

    The loss is next-character cross-entropy plus aux_weight x the mean load-balancing loss of the layers.
    """
    torch.manual_seed(seed)
    vocab = sorted(set(text))
    data = torch.tensor([vocab.index(c) for c in text])
    model = TinyMoeLM(len(vocab), **model_args)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(steps):
        starts = torch.randint(0, len(data) - seq_len - 1, (batch,), generator=generator)
        ids = torch.stack([data[s:s + seq_len] for s in starts])
        targets = torch.stack([data[s + 1:s + seq_len + 1] for s in starts])
        logits = model(ids)
        loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten())
        aux = torch.stack([load_balancing_loss(l, model.layers[0].moe.top_k) for l in model.router_logits()]).mean()
        optimizer.zero_grad()
        (loss + aux_weight * aux).backward()
        optimizer.step()
        history.append({"loss": loss.item(), "aux": aux.item()})
    return model, vocab, history
