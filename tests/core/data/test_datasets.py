"""The datasets: shapes, dtypes, ranges, determinism, options and their validation, and each task's ground truth."""
import math

import numpy as np
import pytest
import torch

from playground.core.data import datasets as data
from playground.core.data.datasets import load_dataset
from playground.core.data.images import adapt_images
from playground.core.data.torchvision_sets import TORCHVISION
from playground.core.data.vocab import BOS, EOS, PAD, TOKEN_VOCAB, decode_tokens
from playground.core.errors import PlaygroundError
from playground.i18n import message

LOCAL = [k for k in data.list_datasets() if data.DATASETS[k].local]
SMALL = {"shapes": {"n_train": 200, "n_test": 100}, "brackets": {"n_train": 300, "n_test": 100},
         "sine": {"n_train": 200, "n_test": 100}, "reverse": {"n_train": 500, "n_test": 100},
         "copy": {"n_train": 500, "n_test": 100}, "sort": {"n_train": 500, "n_test": 100}}


def small(key, seed=0, **options):
    return load_dataset(key, seed, **{**SMALL.get(key, {}), **options})


def test_registry_order_and_families():
    assert list(data.DATASETS) == ["digits", "shapes", "circle", "xor", "gauss", "spiral", "brackets", "sine",
                                   "reverse", "copy", "sort", "mnist", "fashion_mnist", "cifar10"]
    assert data.list_datasets("toy2d") == ["circle", "xor", "gauss", "spiral"]
    assert data.list_datasets("image") == ["digits", "shapes", "mnist", "fashion_mnist", "cifar10"]
    for key, info in data.DATASETS.items():
        assert info.key == key
        for lang in ("en", "zh-CN"):  # the title and card are text keys, in both languages
            assert message("dataset_" + key, lang) != "dataset_" + key
            assert message(f"dataset_{key}_about", lang) != f"dataset_{key}_about"
        assert info.options == tuple(data.DEFAULT_OPTIONS[key])
        for name, value in data.DEFAULT_OPTIONS[key].items():
            low, high = data.option_range(key, name)
            assert low <= value <= high and data.OPTION_RANGES[name][0] <= low <= high <= data.OPTION_RANGES[name][1]
    assert data.dataset_info("digits").options == () and not data.dataset_info("cifar10").local


@pytest.mark.parametrize("key", LOCAL)
def test_shapes_dtypes_and_labels(key):
    ds = small(key)
    info = data.dataset_info(key)
    assert (ds.key, ds.task, ds.input_kind) == (key, info.task, info.input_kind)
    assert len(ds.x_train) == len(ds.y_train) > 0 and len(ds.x_test) == len(ds.y_test) > 0
    assert ds.n_classes == len(ds.classes) and ds.options["seed"] == 0
    if info.input_kind in ("image", "vector", "series"):
        assert ds.x_train.dtype == ds.x_test.dtype == torch.float32
    else:
        assert ds.x_train.dtype == torch.int64 and 0 <= int(ds.x_train.min()) <= int(ds.x_train.max()) < ds.vocab_size
    if info.task == "regress":
        assert ds.y_train.dtype == torch.float32 and ds.n_classes == 1
    else:
        assert ds.y_train.dtype == ds.y_test.dtype == torch.int64
        assert 0 <= int(min(ds.y_train.min(), ds.y_test.min())) <= int(max(ds.y_train.max(), ds.y_test.max())) \
            < ds.n_classes
    if info.family == "image":
        assert ds.x_train.ndim == 4 and 0 <= float(ds.x_train.min()) < float(ds.x_train.max()) <= 1
        assert math.isclose(ds.mean, ds.x_train.mean().item(), rel_tol=1e-5) and 0 < ds.std < 1
        assert ds.vocab_size is None and set(ds.y_train.tolist()) == set(range(ds.n_classes))
    else:
        assert (ds.mean, ds.std) == (0.0, 1.0)


@pytest.mark.parametrize("key", LOCAL)
def test_determinism(key):
    a, b, c = small(key, 1), small(key, 1), small(key, 2)
    for name in ("x_train", "y_train", "x_test", "y_test"):
        assert torch.equal(getattr(a, name), getattr(b, name))
    differs = not torch.equal(a.x_train, c.x_train) or not torch.equal(a.x_test, c.x_test)
    assert differs == (key != "digits")
    assert c.options["seed"] == 2


def test_options_change_sizes():
    assert [len(t) for t in (small("shapes").x_train, load_dataset("shapes", n_train=150, n_test=120).x_test)] \
        == [200, 120]
    ds = load_dataset("circle", n_samples=200, train_ratio=0.7)
    assert (len(ds.x_train), len(ds.x_test)) == (140, 60)
    assert small("brackets", seq_len=10).x_train.shape == (300, 10)
    assert small("sine", seq_len=12).y_test.shape == (100, 12, 1)
    ds = small("sort", seq_len=3)
    assert ds.x_train.shape == (500, 3) and ds.y_train.shape == (500, 4)
    assert load_dataset("xor", n_samples="300").options["n_samples"] == 300   # whole numbers in any form


def test_results_are_cached_but_options_dict_is_private():
    a, b = load_dataset("gauss", 4), load_dataset("gauss", 4)
    assert a.x_train is b.x_train
    a.options["noise"] = 0.4
    assert load_dataset("gauss", 4).options["noise"] == 0.0


def test_digits_fixed_split():
    a, b = load_dataset("digits", 0), load_dataset("digits", 7)
    assert len(a.x_train) + len(a.x_test) == 1797 and len(a.x_test) == 360
    assert a.x_train.shape[1:] == (1, 8, 8) and torch.equal(a.x_test, b.x_test) and torch.equal(a.y_train, b.y_train)
    assert a.classes == tuple("0123456789")
    counts = torch.bincount(a.y_test, minlength=10)                # stratified: 35 or 36 per class
    assert int(counts.min()) >= 35 and int(counts.max()) <= 37


def test_shapes_balanced_and_varied():
    ds = small("shapes")
    assert ds.x_train.shape[1:] == (3, 32, 32) and ds.classes == ("circle", "square", "triangle", "cross", "ring")
    assert torch.bincount(ds.y_train).tolist() == [40] * 5
    flat = ds.x_train.flatten(1)
    assert float(flat.std(1).min()) > 0.1                          # every image has a visible shape
    assert not torch.equal(ds.x_train, small("shapes", 1).x_train)
    assert not torch.allclose(ds.x_train[:100], small("shapes").x_test)   # test images are not training ones


def test_toy2d_both_labels_and_range():
    for key in ("circle", "xor", "gauss", "spiral"):
        ds = load_dataset(key, 3)
        assert ds.x_train.shape[1] == 2 and set(ds.y_train.tolist()) == {0, 1} and set(ds.y_test.tolist()) == {0, 1}
        if key != "gauss":
            assert float(ds.x_train.abs().max()) <= 1.0
        noisy = load_dataset(key, 3, noise=0.3)
        assert not torch.equal(noisy.x_train, ds.x_train) and torch.equal(noisy.y_train, ds.y_train)


def test_circle_is_separable_by_radius_without_noise():
    ds = load_dataset("circle", 5, n_samples=1000)
    x, y = torch.cat([ds.x_train, ds.x_test]), torch.cat([ds.y_train, ds.y_test])
    r = x.norm(dim=1) * 6
    assert float(r[y == 1].max()) <= 2.5 and float(r[y == 0].min()) >= 3.5   # inner disc, outer ring
    noisy = load_dataset("circle", 5, n_samples=1000, noise=0.5)
    r = torch.cat([noisy.x_train, noisy.x_test]).norm(dim=1) * 6
    assert float(r[y == 1].max()) > float(r[y == 0].min())        # heavy noise mixes the two


def test_xor_labels_are_the_sign_of_the_product():
    ds = load_dataset("xor", 2, n_samples=800)
    x, y = torch.cat([ds.x_train, ds.x_test]), torch.cat([ds.y_train, ds.y_test])
    assert torch.equal(y, (x[:, 0] * x[:, 1] > 0).long())
    assert float(x.abs().min()) >= 0.3 / 6 - 1e-6


def test_train_ratio_is_a_seeded_shuffle():
    for ratio, n in ((0.1, 50), (0.33, 301), (0.9, 5000)):
        ds = load_dataset("spiral", n_samples=n, train_ratio=ratio)
        assert len(ds.x_train) == round(ratio * n) and len(ds.x_train) + len(ds.x_test) == n
    ds = load_dataset("gauss", n_samples=400)
    assert 0 < float(ds.y_train.float().mean()) < 1 and ds.y_train[:20].unique().numel() == 2   # shuffled


def test_brackets_depth_is_recomputed_from_tokens():
    ds = small("brackets", 4, seq_len=40)
    for x, y in ((ds.x_train, ds.y_train), (ds.x_test, ds.y_test)):
        depth = torch.cumsum(1 - 2 * x, dim=1)                     # "(" = 0 opens, ")" = 1 closes
        assert torch.equal(depth, y) and int(y.min()) >= 0 and int(y.max()) <= 7
        assert set(x.unique().tolist()) == {0, 1}
    assert int(ds.y_train.max()) == 7 and ds.vocab_size == 2 and ds.classes == tuple("01234567")


def test_sine_targets_are_the_next_clean_values():
    ds = small("sine", 6, seq_len=30)
    assert ds.x_train.shape == ds.y_train.shape == (200, 30, 1) and ds.classes == ("value",)
    assert torch.equal(ds.x_train[:, 1:], ds.y_train[:, :-1])
    assert float(ds.y_train.abs().max()) <= 1.0 and float(ds.y_train.abs().amax(1).min()) >= 0.3
    noisy = small("sine", 6, seq_len=30, noise=0.2)
    assert torch.equal(noisy.y_train, ds.y_train)                  # targets stay clean
    assert 0.1 < float((noisy.x_train - ds.x_train).std()) < 0.3


@pytest.mark.parametrize("key", ["reverse", "copy", "sort"])
def test_translation_targets(key):
    ds = small(key, 1)
    assert ds.classes == TOKEN_VOCAB and ds.vocab_size == ds.n_classes == 13 and (PAD, BOS, EOS) == (0, 1, 2)
    for x, y in ((ds.x_train, ds.y_train), (ds.x_test, ds.y_test)):
        assert int(x.min()) >= 3 and int(x.max()) <= 12 and bool((y[:, 0] == BOS).all())
        expected = {"reverse": x.flip(1), "copy": x, "sort": x.sort(dim=1).values}[key]
        assert torch.equal(y[:, 1:], expected)
    train = {tuple(r) for r in ds.x_train.tolist()}
    assert not any(tuple(r) in train for r in ds.x_test.tolist())   # seq_len 8: no test string is a training one


def test_decode_tokens_round_trip():
    ids = [BOS, 6, 4, 7, 4, 8, EOS, PAD, PAD]
    assert decode_tokens(ids, TOKEN_VOCAB) == "31415" and decode_tokens(torch.tensor(ids)) == "31415"
    ds = small("reverse", 0, seq_len=5)
    text = decode_tokens(ds.x_test[0], ds.classes)
    assert len(text) == 5 and decode_tokens(ds.y_test[0], ds.classes) == text[::-1]
    assert [TOKEN_VOCAB.index(c) for c in text] == ds.x_test[0].tolist()


def test_adapt_images():
    grey = torch.rand(4, 1, 8, 8)
    rgb = adapt_images(grey, 3, (8, 8))
    assert rgb.shape == (4, 3, 8, 8) and torch.equal(rgb[:, 0], grey[:, 0]) and torch.equal(rgb[:, 2], grey[:, 0])
    assert torch.allclose(adapt_images(rgb, 1, (8, 8)), grey, atol=1e-6)   # the luminance weights sum to 1
    colour = torch.zeros(1, 3, 2, 2)
    colour[:, 1] = 1.0
    assert torch.allclose(adapt_images(colour, 1, (2, 2)), torch.full((1, 1, 2, 2), 0.587))
    up = adapt_images(grey, 3, (32, 32))
    down = adapt_images(torch.rand(2, 3, 64, 48), 1, (28, 28))
    assert up.shape == (4, 3, 32, 32) and down.shape == (2, 1, 28, 28)
    for t in (up, down):
        assert float(t.min()) >= 0 and float(t.max()) <= 1
    flat = adapt_images(torch.full((1, 1, 16, 16), 0.25), 1, (5, 7))
    assert torch.allclose(flat, torch.full((1, 1, 5, 7), 0.25))
    assert adapt_images(grey, 1, (8, 8)) is grey


@pytest.mark.parametrize("key, options, option", [
    ("shapes", {"n_train": 99}, "n_train"),
    ("shapes", {"n_train": 20001}, "n_train"),
    ("shapes", {"n_test": 100.5}, "n_test"),
    ("circle", {"noise": 0.6}, "noise"),
    ("circle", {"noise": float("nan")}, "noise"),
    ("xor", {"train_ratio": float("inf")}, "train_ratio"),
    ("gauss", {"n_samples": "many"}, "n_samples"),
    ("brackets", {"seq_len": 65}, "seq_len"),
    ("reverse", {"seq_len": 17}, "seq_len"),
    ("sine", {"seq_len": 3}, "seq_len"),
])
def test_bad_options(key, options, option):
    with pytest.raises(PlaygroundError) as e:
        load_dataset(key, **options)
    assert e.value.key == "dataset_option" and e.value.params["option"] == option
    assert e.value.params["low"] is not None and e.value.params["high"] is not None


def test_unknown_option_seed_and_dataset():
    with pytest.raises(PlaygroundError) as e:
        load_dataset("digits", noise=0.1)
    assert e.value.key == "dataset_option" and e.value.params == {"option": "noise", "value": 0.1, "low": None,
                                                                   "high": None}
    for seed in (-1, 1.5, "x", None):
        with pytest.raises(PlaygroundError) as e:
            load_dataset("circle", seed)
        assert e.value.key == "dataset_option" and e.value.params["option"] == "seed"
    assert load_dataset("circle", 3.0).options["seed"] == 3
    for call in (lambda: load_dataset("imagenet"), lambda: data.dataset_info("imagenet")):
        with pytest.raises(PlaygroundError) as e:
            call()
        assert e.value.key == "dataset_unknown" and e.value.params == {"name": "imagenet"}


@pytest.mark.parametrize("key", ["mnist", "fashion_mnist", "cifar10"])
def test_torchvision_dataset_unavailable_offline(key, tmp_path, monkeypatch):
    import torchvision

    def offline(self):
        raise OSError("no network")
    cls = getattr(torchvision.datasets, TORCHVISION[key])
    monkeypatch.setattr(cls, "download", offline)                 # never reach the network, even where there is one
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "empty"))
    with pytest.raises(PlaygroundError) as e:
        load_dataset(key, n_train=100, n_test=100)
    assert e.value.key == "dataset_unavailable" and e.value.params == {"name": key, "folder": str(tmp_path / "empty")}


def test_torchvision_subsets_from_files_on_disk(tmp_path, monkeypatch):
    import torchvision

    class FakeCifar:
        classes = tuple(f"c{i}" for i in range(10))

        def __init__(self, root, train, download):
            n = 500 if train else 200
            self.data = np.random.default_rng(int(train)).integers(0, 256, (n, 32, 32, 3), dtype=np.uint8)
            self.targets = [i % 10 for i in range(n)]
    monkeypatch.setattr(torchvision.datasets, "CIFAR10", FakeCifar)
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))
    ds = load_dataset("cifar10", 3, n_train=300, n_test=150)
    assert ds.x_train.shape == (300, 3, 32, 32) and ds.x_test.shape == (150, 3, 32, 32)
    assert ds.classes == FakeCifar.classes and ds.n_classes == 10
    assert 0 <= float(ds.x_train.min()) and float(ds.x_train.max()) <= 1 and ds.x_train.dtype == torch.float32
    assert torch.equal(load_dataset("cifar10", 3, n_train=300, n_test=150).x_train, ds.x_train)
    assert not torch.equal(load_dataset("cifar10", 4, n_train=300, n_test=150).x_train, ds.x_train)
    pixels = (ds.x_train[0] * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()   # (H, W, C) as stored
    assert any(np.array_equal(pixels, img) for img in FakeCifar(None, True, False).data)


@pytest.mark.parametrize("key", [["digits"], ("digits",), None, 1, {}])
def test_dataset_info_of_a_key_that_is_no_text(key):
    """A menu may send a list of its choices (Gradio lets one through); that was a TypeError (found by the fuzz
    suite), now dataset_unknown."""
    with pytest.raises(PlaygroundError) as info:
        data.dataset_info(key)
    assert info.value.key == "dataset_unknown"


@pytest.mark.parametrize("n_train", [10**400, -10**400])
def test_dataset_option_too_large_for_a_float(n_train):
    """An int past float range was an OverflowError (found by the fuzz suite); now dataset_option."""
    with pytest.raises(PlaygroundError) as info:
        load_dataset("sine", n_train=n_train)
    assert info.value.key == "dataset_option"
