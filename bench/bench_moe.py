"""MoE timing on this machine: loop vs grouped dispatch, MoE vs dense FFNs. Prints figures, asserts nothing.

dim 256, hidden 512, 8 experts, top-2. "dense, same total" has as many parameters as all
eight experts (hidden 4,096); "dense, same active" as many as the two a token uses (hidden 1,024).
The theoretical MoE/same-total ratio is k/E = 0.25.
"""

from __future__ import annotations

import torch

from mistral_course.moe import FeedForward, GroupedMoeLayer, MoeLayer
from mistral_course.timing import best_ms

DIM, HIDDEN, EXPERTS, TOP_K = 256, 512, 8, 2


def main() -> None:
    torch.manual_seed(0)
    loop = MoeLayer(DIM, HIDDEN, EXPERTS, TOP_K)
    grouped = GroupedMoeLayer(DIM, HIDDEN, EXPERTS, TOP_K)
    grouped.load_state_dict(loop.state_dict())
    same_total = FeedForward(DIM, HIDDEN * EXPERTS)
    same_active = FeedForward(DIM, HIDDEN * TOP_K)
    print(f"{'tokens':>7s} {'MoE loop':>9s} {'MoE grouped':>12s} {'dense total':>12s} {'dense active':>13s}"
          f" {'grouped/total':>14s}   (ms, best of 5)")
    for tokens in (512, 1024, 2048, 4096):
        x = torch.randn(tokens, DIM)
        with torch.no_grad():
            a, b, c, d = (best_ms(layer, x, repeats=5) for layer in (loop, grouped, same_total, same_active))
        print(f"{tokens:7d} {a:9.2f} {b:12.2f} {c:12.2f} {d:13.2f} {b / c:14.2f}")


if __name__ == "__main__":
    main()
