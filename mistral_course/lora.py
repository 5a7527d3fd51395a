"""LoRA from scratch: a frozen linear layer plus a trainable low-rank update.

    y = W x + (alpha / r) * B A x        A: (r, in), B: (out, r), B starts at zero

Because B starts at zero, a freshly wrapped model computes exactly what the base model
computes; training moves only A and B, r * (in + out) numbers per layer instead of
in * out. After training, the update can be merged into W, and the model is a plain one again.
"""

from __future__ import annotations

import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int = 8, alpha: float = 16):
        super().__init__()
        self.base, self.r, self.alpha = base, r, alpha
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))  # as peft does; B = 0 keeps the start exact

    @property
    def scale(self) -> float:
        return self.alpha / self.r

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_A.T @ self.lora_B.T) * self.scale

    def merged(self) -> nn.Linear:
        """A plain nn.Linear whose weight is W + (alpha / r) B A."""
        out = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            out.weight.copy_(self.base.weight + self.scale * self.lora_B @ self.lora_A)
            if self.base.bias is not None:
                out.bias.copy_(self.base.bias)
        return out


def add_lora(model: nn.Module, target_modules=("q_proj", "v_proj"), r: int = 8, alpha: float = 16) -> list[str]:
    """Freeze the model and wrap every nn.Linear named in target_modules; returns the names it wrapped
    (a module of another kind, or one wrapped already, is left alone and not listed)."""
    names = {target_modules} if isinstance(target_modules, str) else set(target_modules)
    for p in model.parameters():
        p.requires_grad_(False)
    wrapped = []
    for parent_name, parent in list(model.named_modules()):
        for name, child in list(parent.named_children()):
            if name in names and isinstance(child, nn.Linear):
                setattr(parent, name, LoRALinear(child, r, alpha))
                wrapped.append(f"{parent_name}.{name}".lstrip("."))
    return wrapped


def merge_lora(model: nn.Module) -> None:
    """Fold every LoRA update into its base weight, in place."""
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, LoRALinear):
                setattr(parent, name, child.merged())


def count_parameters(model: nn.Module) -> tuple[int, int]:
    """(trainable, total) parameter counts."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, sum(p.numel() for p in model.parameters())


def lora_parameter_count(layers: list[tuple[int, int]], r: int) -> int:
    """Trainable numbers LoRA adds for linear layers of the given (in, out) shapes: r * (in + out) each."""
    return sum(r * (i + o) for i, o in layers)
