"""LoRA from scratch: starts equal to the base, equals peft on the same weights, merges exactly, and learns."""

import copy

import torch
from peft import LoraConfig, get_peft_model
from transformers import MistralConfig, MistralForCausalLM

from mistral_course.lora import LoRALinear, add_lora, count_parameters, lora_parameter_count, merge_lora


def tiny_model(seed=0):
    torch.manual_seed(seed)
    config = MistralConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2, head_dim=8, max_position_embeddings=64,
                           sliding_window=None)
    config._attn_implementation = "eager"
    return MistralForCausalLM(config).eval()


IDS = torch.randint(0, 64, (2, 10), generator=torch.Generator().manual_seed(1))


def logits(model):
    with torch.no_grad():
        return model(IDS).logits


def test_zero_initialised_b_means_the_start_equals_the_base():
    base = tiny_model()
    wrapped = copy.deepcopy(base)
    names = add_lora(wrapped, r=4, alpha=8)
    assert len(names) == 4 and all(isinstance(wrapped.get_submodule(n), LoRALinear) for n in names)
    assert torch.equal(logits(base), logits(wrapped))


def test_only_the_modules_it_wraps_are_reported():
    model = tiny_model()
    model.model.layers[0].self_attn.v_proj = torch.nn.Identity()  # named like a target, but not a linear layer
    names = add_lora(model, target_modules="q_proj", r=4, alpha=8)
    assert names == ["model.layers.0.self_attn.q_proj", "model.layers.1.self_attn.q_proj"]
    names = add_lora(model, target_modules=("q_proj", "v_proj"), r=4, alpha=8)
    assert names == ["model.layers.1.self_attn.v_proj"]  # q_proj is wrapped already; layer 0's v_proj is no linear
    assert isinstance(model.model.layers[0].self_attn.q_proj.base, torch.nn.Linear)  # not wrapped twice
    assert add_lora(model, target_modules=("gate",), r=4) == []  # no module of that name


def test_trainable_parameter_count():
    model = tiny_model()
    add_lora(model, r=4, alpha=8)
    trainable, total = count_parameters(model)
    # per layer: q_proj 32 -> 32 and v_proj 32 -> 16
    assert trainable == 2 * lora_parameter_count([(32, 32), (32, 16)], r=4) == 2 * (4 * 64 + 4 * 48)
    assert trainable < 0.05 * total


def randomise(model):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, LoRALinear):
                module.lora_B.normal_(0, 0.1)


def test_equal_to_peft_on_the_same_weights():
    ours = tiny_model()
    add_lora(ours, r=4, alpha=8)
    randomise(ours)
    theirs = get_peft_model(tiny_model(), LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0,
                                                     target_modules=["q_proj", "v_proj"]))
    with torch.no_grad():
        for name, module in ours.named_modules():
            if isinstance(module, LoRALinear):
                peft_layer = theirs.base_model.model.get_submodule(name)
                peft_layer.lora_A["default"].weight.copy_(module.lora_A)
                peft_layer.lora_B["default"].weight.copy_(module.lora_B)
    assert (logits(ours) - logits(theirs)).abs().max() <= 1e-5


def test_merged_model_gives_the_same_outputs():
    model = tiny_model()
    add_lora(model, r=4, alpha=8)
    randomise(model)
    before = logits(model)
    merge_lora(model)
    assert not any(isinstance(m, LoRALinear) for m in model.modules())
    assert (logits(model) - before).abs().max() <= 1e-5


def test_training_lowers_the_loss():
    model = tiny_model()
    add_lora(model, target_modules=("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"),
             r=4, alpha=8)
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=5e-2)
    batch = torch.tensor([[1, 2, 3, 4, 5, 6, 7, 8] * 2] * 4)
    losses = []
    for _ in range(40):
        loss = model(batch, labels=batch).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    # only the low-rank updates learn (embeddings and output head stay frozen and random here)
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5 - 0.2
