"""The toy MoE layer: shapes, routing, both dispatches, transformers' Mixtral block, aux loss, parameter counts."""

from dataclasses import FrozenInstanceError

import pytest
import torch
import torch.nn.functional as F
from transformers import MixtralConfig
from transformers.models.mixtral.modeling_mixtral import MixtralSparseMoeBlock

from mistral_course.moe import (MISTRAL_7B, MIXTRAL_8X7B, FeedForward, GroupedMoeLayer, MoeArgs, MoeLayer,
                                forward_with_capacity, load_balancing_loss, parameter_count, train_char_lm)


@pytest.fixture
def layer():
    torch.manual_seed(0)
    return MoeLayer(dim=16, hidden_dim=32, num_experts=6, top_k=2)


def test_shapes(layer):
    for shape in [(10, 16), (3, 7, 16)]:
        x = torch.randn(*shape)
        assert layer(x).shape == shape
    assert layer.router_logits.shape == (21, 6)


def test_routing_picks_top_k_and_weights_sum_to_one(layer):
    x = torch.randn(50, 16)
    logits, chosen, weights = layer.route(x)
    assert torch.equal(chosen, logits.topk(2, dim=-1).indices)
    assert torch.allclose(weights.sum(dim=-1), torch.ones(50))
    assert (weights[:, 0] >= weights[:, 1]).all()


def test_output_is_the_weighted_sum_of_the_chosen_experts(layer):
    x = torch.randn(5, 16)
    _, chosen, weights = layer.route(x)
    by_hand = torch.stack([sum(weights[t, s] * layer.experts[int(chosen[t, s])](x[t]) for s in range(2))
                           for t in range(5)])
    assert torch.allclose(layer(x), by_hand, atol=1e-6)


def grouped_copy(layer):
    grouped = GroupedMoeLayer(16, 32, 6, 2)
    grouped.load_state_dict(layer.state_dict())
    return grouped


def test_loop_and_grouped_dispatch_agree(layer):
    x = torch.randn(4, 33, 16)
    assert torch.allclose(layer(x), grouped_copy(layer)(x), atol=1e-6)


def test_grouped_dispatch_when_experts_get_no_token(layer):
    with torch.no_grad():
        layer.gate.weight[2:].fill_(-1.0)  # positive inputs never choose experts 2 to 5
    x = torch.rand(7, 16)
    assert set(layer.route(x)[1].flatten().tolist()) == {0, 1}
    grouped = grouped_copy(layer)
    assert torch.allclose(grouped(x), layer(x), atol=1e-6)
    assert grouped(torch.zeros(0, 16)).shape == (0, 16) == layer(torch.zeros(0, 16)).shape  # nobody at all


def test_a_layer_has_one_dispatch_and_its_arguments_are_fixed(layer):
    with pytest.raises(TypeError):
        MoeLayer(16, 32, 6, 2, dispatch="Loop")  # no string flag to misspell: two classes instead
    assert layer.args == MoeArgs(num_experts=6, num_experts_per_tok=2)
    with pytest.raises(FrozenInstanceError):
        layer.args.num_experts_per_tok = 3


def test_equal_to_transformers_mixtral_block(layer):
    config = MixtralConfig(hidden_size=16, intermediate_size=32, num_local_experts=6, num_experts_per_tok=2)
    config._experts_implementation = "eager"
    block = MixtralSparseMoeBlock(config).eval()
    with torch.no_grad():
        block.gate.weight.copy_(layer.gate.weight)
        for e, expert in enumerate(layer.experts):
            block.experts.gate_up_proj[e].copy_(torch.cat([expert.w1.weight, expert.w3.weight]))
            block.experts.down_proj[e].copy_(expert.w2.weight)
        x = torch.randn(2, 9, 16)
        assert (block(x) - layer(x)).abs().max() <= 1e-5


def test_aux_loss_is_k_under_uniform_routing_and_grows_when_skewed():
    uniform = torch.zeros(8, 4)  # every probability 1/4 ...
    uniform_choice = torch.tensor([[0, 1], [2, 3]] * 4, dtype=torch.float)  # ... and each expert chosen equally
    logits = uniform + 1e-4 * F.one_hot(uniform_choice.long(), 4).sum(1)
    assert load_balancing_loss(logits, top_k=2).item() == pytest.approx(2.0, abs=1e-3)
    skewed = torch.tensor([[5.0, 4.0, 0.0, 0.0]] * 8)
    assert load_balancing_loss(skewed, top_k=2).item() > 3.5


def test_capacity_drops_overflow_and_dropless_keeps_everything(layer):
    x = torch.randn(64, 16)
    full = forward_with_capacity(layer, x, capacity_factor=100.0)
    assert full.dropped_fraction == 0.0 and torch.allclose(full.output, layer(x), atol=1e-6)
    tight = forward_with_capacity(layer, x, capacity_factor=0.5)
    assert tight.capacity == 11 and 0.4 < tight.dropped_fraction < 0.6
    grouped = forward_with_capacity(grouped_copy(layer), x, capacity_factor=0.5)
    assert grouped.dropped_fraction == tight.dropped_fraction
    assert torch.allclose(grouped.output, tight.output, atol=1e-6)


def test_capacity_drops_the_latest_assignments_of_a_full_expert(layer):
    with torch.no_grad():
        layer.gate.weight.zero_()
        layer.gate.weight[0].fill_(2.0)
        layer.gate.weight[1].fill_(1.0)  # positive inputs all choose experts 0 and 1
    x = torch.rand(6, 16)
    result = forward_with_capacity(layer, x, capacity_factor=1.0)  # ceil(6 * 2 / 6) = 2 places per expert
    assert result.capacity == 2 and result.dropped_fraction == pytest.approx(8 / 12)
    assert torch.allclose(result.output[:2], layer(x)[:2], atol=1e-6)  # the first two tokens fit
    assert torch.equal(result.output[2:], torch.zeros(4, 16))  # the rest are dropped: the residual carries them


def test_feedforward_equals_transformers_mistral_mlp():
    from transformers import MistralConfig
    from transformers.models.mistral.modeling_mistral import MistralMLP

    torch.manual_seed(1)
    ff = FeedForward(4, 6)
    mlp = MistralMLP(MistralConfig(hidden_size=4, intermediate_size=6, hidden_act="silu"))
    with torch.no_grad():  # Mistral's w1, w3, w2 are transformers' gate, up and down projections
        for ours, theirs in [(ff.w1, mlp.gate_proj), (ff.w3, mlp.up_proj), (ff.w2, mlp.down_proj)]:
            theirs.weight.copy_(ours.weight)
        x = torch.randn(3, 4)
        assert torch.allclose(ff(x), mlp(x), atol=1e-6)


def test_published_parameter_counts():
    assert parameter_count(MISTRAL_7B) == 7_241_732_096
    assert parameter_count(MIXTRAL_8X7B) == 46_702_792_704
    assert parameter_count(MIXTRAL_8X7B, active=True) == 12_879_925_248


def test_tiny_moe_language_model_really_learns():
    text = "the cat sat on the mat. " * 40 + "1 2 3 4 5 6 7 8 9 10 " * 40
    _, _, history = train_char_lm(text, steps=60, seed=3, dim=32, hidden_dim=48, num_experts=4, top_k=2)
    first = sum(h["loss"] for h in history[:5]) / 5
    last = sum(h["loss"] for h in history[-5:]) / 5
    assert last < 0.5 * first
