"""Every registry model: metadata, a meta-device build, an inspection at its default shape, and for the teaching
variants a real forward and backward pass on the CPU."""
import pytest
import torch

from playground.core.inspection.table import build_on_meta, example_inputs, inspect_model
from playground.core.models import GROUPS, get_entry, list_models, models_in_group, resolve

ALL = list_models()
TEACHING = list_models(teaching=True)


def test_registry_has_every_architecture_from_the_notes():
    required = {"mlp", "lenet5", "alexnet", "vgg11", "vgg13", "vgg16", "vgg19", "googlenet", "resnet18", "resnet34",
                "resnet50", "resnet101", "resnet152", "densenet121", "rnn", "lstm", "gru", "seq2seq", "transformer",
                "bert", "gpt"}
    assert required <= set(ALL)


def test_every_family_has_a_teaching_variant():
    families = {get_entry(k).family for k in ALL}
    taught = {get_entry(k).family for k in TEACHING}
    assert families == taught


@pytest.mark.parametrize("key", ALL)
def test_entry_metadata(key):
    e = get_entry(key)
    assert e.key == key and e.group in GROUPS and e.input_kind
    assert all(d >= 1 for d in e.input_shape)
    assert e.paper.startswith("http")
    assert len(e.description["en"]) > 60 and len(e.description["zh-CN"]) > 20
    assert e.description["en"] != e.description["zh-CN"]
    if e.note:
        assert e.note["en"] and e.note["zh-CN"]


@pytest.mark.parametrize("key", ALL)
def test_builds_on_meta_without_memory(key):
    model = build_on_meta(get_entry(key))
    tensors = list(model.parameters()) + list(model.buffers())
    assert tensors and all(t.device.type == "meta" for t in tensors)


@pytest.mark.parametrize("key", ALL)
def test_inspects_at_default_shape(key):
    report = inspect_model(key)
    t = report.totals
    assert t.total_params > 0 and t.macs > 0
    assert t.output_shape[0] == 1
    assert report.rows[0].name == "" and report.rows[0].params == t.total_params


@pytest.mark.parametrize("key", TEACHING)
def test_teaching_variant_forward_backward_on_cpu(key):
    torch.manual_seed(0)
    e = get_entry(key)
    model = e.build()
    inputs = example_inputs(e, (4,) + e.input_shape, device="cpu")
    if e.input_kind in ("image", "vector", "series"):
        inputs = (torch.randn_like(inputs[0]),)
    else:  # token ids within the smallest vocabulary of the model
        vocab = min(m.num_embeddings for m in model.modules() if isinstance(m, torch.nn.Embedding))
        inputs = tuple(torch.randint(0, vocab, x.shape) for x in inputs)
    outs = model(*inputs)
    outs = outs if isinstance(outs, tuple) else (outs,)
    assert all(o.shape[0] == 4 and torch.isfinite(o).all() for o in outs)
    sum(o.float().pow(2).mean() for o in outs).backward()
    missing = [n for n, p in model.named_parameters() if p.grad is None]
    assert not missing, f"parameters without gradient: {missing[:5]}"


@pytest.mark.parametrize("key", TEACHING)
def test_teaching_variants_are_small(key):
    t = inspect_model(key).totals
    assert t.total_params < 300_000
    assert t.macs < 60_000_000  # a few seconds per epoch on two CPU cores


def test_resolve_catalog_keys():
    assert resolve("timm/resnet50").source == "timm"
    assert resolve("torchvision/resnet50").input_shape == (3, 224, 224)
    assert resolve("torchvision/inception_v3").input_shape == (3, 299, 299)
    assert resolve("timm/no_such_model") is None and resolve("nope") is None
    assert len(models_in_group("timm")) > 1000 and len(models_in_group("torchvision")) > 50


@pytest.mark.parametrize("key", [None, 1, 2.5, ["lenet5"], {}])
def test_resolve_a_key_that_is_no_text(key):
    """The model menus take typed keys, so an API call may send anything: no entry, not an AttributeError."""
    assert resolve(key) is None
