"""What a visitor takes home: from the Architecture tab the layer table as CSV and as Markdown and the model's
source; from the Train tab a standalone training script (model, data, loop; no Playground import). Written as files
into a folder the UI serves. No gradio here."""
from __future__ import annotations

import ast
import csv
import inspect as pyinspect
import io
import math
import re
import shutil
import tempfile
import textwrap
import time
from pathlib import Path

import torch

from playground.core import config
from playground.core.data import datasets as data_module
from playground.core.data.datasets import TORCHVISION, Dataset, dataset_info, load_dataset, normalise
from playground.core.errors import PlaygroundError
from playground.core.inspection.table import TABLE_COLUMNS, Report, build_on_meta, model_source
from playground.core.models import ModelEntry, resolve
from playground.core.models.catalog import TV_NO_AUX
from playground.core.train.build import input_shape_for, model_kwargs
from playground.core.train.loop import lr_factor
from playground.core.train.shipped import RECIPES
from playground.core.train.spec import TrainSpec
from playground.core.train.tasks import EVAL_BATCH, datasets_for, make_task, resolve_loss

DOWNLOADS = Path(tempfile.gettempdir()) / "playground-downloads"
DOWNLOAD_MAX_AGE = 3600.0  # seconds; Gradio copies returned files into its own cache as the event's output is sent


def download_folder(max_age: float = DOWNLOAD_MAX_AGE) -> Path:
    """A fresh folder for files a visitor takes home, under DOWNLOADS; the folders there older than max_age seconds
    are removed first, so that exports and training runs do not leave a folder behind for good each."""
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in DOWNLOADS.glob("playground-*"):
        try:
            if now - old.stat().st_mtime > max_age:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:  # removed meanwhile by another process
            pass
    return Path(tempfile.mkdtemp(prefix="playground-", dir=DOWNLOADS))


def table_csv(report: Report) -> str:
    """Every row of the layer table (all depths) under TABLE_COLUMNS, comma-separated, one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    writer.writerows(report.table())
    return out.getvalue()


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")  # a bare | would end the cell


def table_markdown(report: Report) -> str:
    """The layer table as a Markdown table, after a line naming the model, its input shape and its totals."""
    t = report.totals
    shape = "x".join(str(s) for s in report.input_shape)
    lines = [f"**{report.title}** (`{report.key}`), input {shape}: {t['total_params']:,} parameters, "
             f"{t['macs']:,} multiply-adds", "",
             "| " + " | ".join(TABLE_COLUMNS) + " |", "|" + "---|" * len(TABLE_COLUMNS)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in report.table()]
    return "\n".join(lines) + "\n"


def file_stem(key: str) -> str:
    """'timm/vit_base_patch16_224' -> 'timm_vit_base_patch16_224': a name safe on every file system."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", key).strip("_") or "model"


def write_exports(report: Report, source: str, folder: Path, script: str | None = None) -> list[Path]:
    """<model>_layers.csv, <model>_layers.md, <model>.py and, when given, the training script <model>_train.py
    in folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(report.key)
    files = {f"{stem}_layers.csv": table_csv(report), f"{stem}_layers.md": table_markdown(report), f"{stem}.py": source}
    if script is not None:
        files[f"{stem}_train.py"] = script
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------------------------
# A standalone training script: the model's source, the data generator and the loop in one file that needs only
# torch and numpy (plus timm or torchvision for catalog models, scikit-learn for the digits).

_REMOTE_IMAGES = {"mnist": ((1, 28, 28), 10), "fashion_mnist": ((1, 28, 28), 10), "cifar10": ((3, 32, 32), 10)}
_SCRIPT_MODULES = {"np", "torch", "F", "math", "zlib"}  # what the script imports for the inlined data code
_METRIC_FORMAT = {"accuracy": "{:.2%}", "sequence_accuracy": "{:.2%}", "r2": "{:.4f}"}


def default_train_spec(key: str, dataset: str) -> TrainSpec:
    """The settings the Train tab starts from for this pair: the shipped recipe when there is one, else its
    defaults (the Train tab uses this function)."""
    recipe = next((r for r in RECIPES.values() if r.model == key and r.dataset == dataset), None)
    if recipe is not None:
        return recipe
    info = dataset_info(dataset)
    if info.family == "toy2d":  # TensorFlow Playground's pace: a small net, a large step
        return TrainSpec(model=key, dataset=dataset, lr=0.03, epochs=100, batch_size=16)
    return TrainSpec(model=key, dataset=dataset, lr=3e-3 if info.family == "sequence" else 1e-3, epochs=5,
                     batch_size=64)


def _script_dataset(key: str, options: dict) -> Dataset:
    """The dataset as the exporter needs it; torchvision's are described, not downloaded (the script does that)."""
    if key not in _REMOTE_IMAGES:
        return load_dataset(key, **options)
    shape, n = _REMOTE_IMAGES[key]
    info = dataset_info(key)
    x, y = torch.zeros(1, *shape), torch.zeros(1, dtype=torch.long)
    return Dataset(key, info.task, info.input_kind, x, y, x, y, n, tuple(str(i) for i in range(n)), None,
                   options={"seed": 0, **normalise(key, options)})


def _check_fit(entry: ModelEntry, data: Dataset, loss: str, kwargs: dict, input_shape: tuple[int, ...]) -> int:
    """One training step's forward on one example, on the meta device (no weights): a model whose input or output
    does not fit this data is refused, as the Train tab refuses it. Returns the parameter count."""
    try:
        model = build_on_meta(entry, **kwargs).eval()
    except Exception as e:  # noqa: BLE001 - any builder failure means these arguments do not work
        raise PlaygroundError("train_build_failed", model=entry.key, detail=str(e).splitlines()[0][:200]) from None
    params = sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
    x = data.x_train[:1]
    if data.input_kind == "image":
        x = torch.zeros(1, *input_shape)
    task = make_task(entry, data, loss)
    try:
        with torch.no_grad():
            task.step(model, x.to("meta"), data.y_train[:1].to("meta"))
    except Exception as e:  # noqa: BLE001 - any failure on one example means this data does not fit
        detail = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
        if not re.search(r"meta|data-dependent|item\(\)|NotImplemented", detail, re.I):
            raise PlaygroundError("train_mismatch_output", model=entry.key, dataset=data.key, detail=detail) from None
        # an op without a meta kernel says nothing about fit; a real forward does, when the model is small
        if params <= config.MAX_TRAIN_PARAMS:
            try:
                with torch.no_grad(), torch.random.fork_rng(devices=[]):  # leaves the global generator alone
                    task.step(entry.build(**kwargs).eval(), x, data.y_train[:1])
            except Exception as e2:  # noqa: BLE001
                raise PlaygroundError("train_mismatch_output", model=entry.key, dataset=data.key,
                                      detail=str(e2).strip().splitlines()[0][:200]) from None
    return params


def _drop_lines(source: str, spans: list[tuple[int, int]]) -> str:
    gone = {i for a, b in spans for i in range(a, b + 1)}
    return "\n".join(line for i, line in enumerate(source.splitlines(), start=1) if i not in gone)


def _standalone_model_source(key: str) -> tuple[list[str], str]:
    """model_source(key) as one importable file -> (its import lines, the rest): no relative imports, no
    `from __future__`, and no @register decorators (app metadata); a no-op register stays for builders that call
    it themselves."""
    source = model_source(key)
    lines = source.splitlines()
    imports, spans = [], []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            spans.append((node.lineno, node.end_lineno))
            if not (isinstance(node, ast.ImportFrom) and (node.level or node.module == "__future__")):
                imports.append(" ".join(line.strip() for line in lines[node.lineno - 1:node.end_lineno]))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            for d in node.decorator_list:
                target = d.func if isinstance(d, ast.Call) else d
                if isinstance(target, ast.Name) and target.id == "register":
                    spans.append((d.lineno, d.end_lineno))
    body = re.sub(r"\n{3,}", "\n\n\n", _drop_lines(source, spans)).strip() + "\n"
    if re.search(r"\bregister\(", body):
        body = ("def register(**_):\n    \"\"\"The Playground's model registry, reduced to handing the builder back."
                "\"\"\"\n    return lambda build: build\n\n\n" + body)
    return imports, body


def _function_source(fn) -> str:
    """A module-level function's source without its decorators."""
    fn = pyinspect.unwrap(fn)
    source = textwrap.dedent(pyinspect.getsource(fn))
    node = ast.parse(source).body[0]
    return "\n".join(source.splitlines()[node.lineno - 1:]) if node.decorator_list else source.rstrip()


def _global_loads(source: str) -> set[str]:
    """Names a function reads that it neither takes nor assigns: the module globals it depends on."""
    fn = ast.parse(source).body[0]
    local = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    local |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - local


def _data_source(names: list[str], override: dict[str, str]) -> str:
    """Constants, then functions of playground/core/data/datasets.py that `names` need (dependencies found by name), copied
    verbatim; `override` gives script versions of functions that reach outside (downloads, errors)."""
    module_globals = vars(data_module)
    constants: dict[str, str] = {}
    functions: dict[str, str | None] = {}

    def visit(name: str):
        if name in constants or name in functions or name in _SCRIPT_MODULES or name not in module_globals:
            return
        obj = module_globals[name]
        if name in override:
            functions[name] = None
            source = override[name]
        elif callable(obj) and getattr(pyinspect.unwrap(obj), "__module__", "") == data_module.__name__:
            functions[name] = None  # placeholder while its dependencies are visited
            source = _function_source(obj)
        elif isinstance(obj, (bool, int, float, str, tuple)):
            constants[name] = f"{name} = {obj!r}"
            return
        else:
            raise RuntimeError(f"data.{name} cannot be copied into a standalone script")
        for dep in sorted(_global_loads(source)):
            visit(dep)
        functions[name] = source

    for name in names:
        visit(name)
    return "\n".join(constants.values()) + "\n\n\n" + "\n\n\n".join(functions.values())


_TORCHVISION_RAW = '''def _torchvision_raw(key: str, root: str) -> tuple:
    """Both splits as uint8 arrays (N, H, W) or (N, H, W, 3) with int64 labels, and the class names; torchvision
    downloads the files into `root` the first time."""
    import torchvision
    cls = getattr(torchvision.datasets, {name!r})
    splits = []
    for train in (True, False):
        ds = cls(root, train=train, download=True)
        splits += [np.asarray(ds.data), np.asarray(ds.targets, dtype=np.int64)]
    return (*splits, tuple(ds.classes))'''


def _load_data_source(data: Dataset, input_shape: tuple[int, ...]) -> tuple[str, list[str], dict[str, str]]:
    """The script's load_data(), the data.py functions it calls and the overrides, mirroring data._build."""
    key, info = data.key, dataset_info(data.key)
    opts = {k: v for k, v in data.options.items() if k != "seed"}
    o = {k: f'OPTIONS["{k}"]' for k in opts}
    override, split = {}, ("n_train", "n_test")  # the training split from stream 0, the test split from 1
    if key == "digits":
        parts, needs = ["_digits()"], ["_digits"]
    elif key == "shapes":
        parts = [f"_shapes(_rng(DATASET, seed, 0), {o['n_train']})", f"_shapes(_rng(DATASET, seed, 1), {o['n_test']})"]
        needs = ["_shapes", "_rng"]
    elif key in _REMOTE_IMAGES:
        parts = [f"_torchvision(DATASET, data_dir, _rng(DATASET, seed, 0), {o['n_train']}, {o['n_test']})[:4]"]
        needs = ["_torchvision", "_rng"]
        override["_torchvision_raw"] = _TORCHVISION_RAW.format(name=TORCHVISION[key])
    elif info.family == "toy2d":
        parts = [f"_toy2d(DATASET, _rng(DATASET, seed, 0), {o['n_samples']}, {o['noise']}, {o['train_ratio']})"]
        needs = ["_toy2d", "_rng"]
    elif key == "brackets":
        parts = [f"_brackets(_rng(DATASET, seed, {i}), {o[n]}, {o['seq_len']})" for i, n in enumerate(split)]
        needs = ["_brackets", "_rng"]
    elif key == "sine":
        parts = [f"_sine(_rng(DATASET, seed, {i}), {o[n]}, {o['seq_len']}, {o['noise']})" for i, n in enumerate(split)]
        needs = ["_sine", "_rng"]
    elif info.task == "translate":
        parts = [f"_seq2seq(DATASET, seed, {o['n_train']}, {o['n_test']}, {o['seq_len']})"]
        needs = ["_seq2seq", "_rng", "BOS"]
    else:  # a dataset added to data.py needs its branch here (tests/core/test_training_script.py checks them all)
        raise RuntimeError(f"no standalone loader for the dataset {key!r}")
    lines = [
        "def load_data(seed: int = 0, limit: int | None = None" + (", data_dir: str = \"data\"" if key in
                                                                   _REMOTE_IMAGES else "") + "):",
        '    """x_train, y_train, x_test, y_test as the model reads them (the first `limit` of each when given)."""',
        "    parts = " + ("(" + "\n             + ".join(parts) + ")" if len(parts) > 1 else parts[0]),
        "    x_train, y_train, x_test, y_test = (torch.from_numpy(np.ascontiguousarray(a)) for a in parts)",
    ]
    if data.input_kind == "image":
        c, h, w = input_shape
        needs.append("adapt_images")
        lines += ["    mean, std = x_train.mean().item(), x_train.std().item()  # of the raw training images",
                  "    x_train, y_train, x_test, y_test = x_train[:limit], y_train[:limit], x_test[:limit], "
                  "y_test[:limit]",
                  f"    # resized to {h}x{w} with {c} channel{'s' if c > 1 else ''}, then normalised",
                  f"    x_train, x_test = ((adapt_images(x, {c}, ({h}, {w})) - mean) / std for x in (x_train, x_test))",
                  "    return x_train, y_train, x_test, y_test"]
    else:
        lines += ["    return x_train[:limit], y_train[:limit], x_test[:limit], y_test[:limit]"]
    return "\n".join(lines), needs, override


_TASK_CODE = {
    "classify": '''METRIC = "accuracy"


def batch_loss(model, x, y):
    """Cross-entropy of the class scores (B, K) against the labels (B,)."""
    return F.cross_entropy(model(x), y)


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test loss and accuracy, in batches."""
    total, correct = 0.0, 0
    for i in range(0, len(x), EVAL_BATCH):
        logits, yb = model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH]  # (B, K), (B,)
        total += F.cross_entropy(logits, yb, reduction="sum").item()
        correct += (logits.argmax(-1) == yb).sum().item()
    return {"loss": total / len(x), "accuracy": correct / len(x)}''',
    "tag": '''METRIC = "accuracy"  # of every step's label; sequence_accuracy counts sequences with every label right


def batch_loss(model, x, y):
    """Cross-entropy of every step's class scores (B, T, K) against its label (B, T)."""
    return F.cross_entropy(model(x).flatten(0, 1), y.flatten())  # (B*T, K) vs (B*T,)


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test loss, per-step accuracy and whole-sequence accuracy, in batches."""
    total, correct, whole = 0.0, 0, 0
    for i in range(0, len(x), EVAL_BATCH):
        logits, yb = model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH]  # (B, T, K), (B, T)
        total += F.cross_entropy(logits.flatten(0, 1), yb.flatten(), reduction="sum").item()
        right = logits.argmax(-1) == yb
        correct += right.sum().item()
        whole += right.all(dim=1).sum().item()
    return {"loss": total / y.numel(), "accuracy": correct / y.numel(), "sequence_accuracy": whole / len(x)}''',
    "regress": '''METRIC = "r2"  # R² = 1 - MSE / Var(y): 1 is perfect, 0 is no better than predicting the mean


def batch_loss(model, x, y):
    """Mean squared error of the predictions against the targets, both (B, T, 1)."""
    return F.mse_loss(model(x), y)


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test MSE and R², in batches."""
    mse = sum(F.mse_loss(model(x[i:i + EVAL_BATCH]).float(), y[i:i + EVAL_BATCH], reduction="sum").item()
              for i in range(0, len(x), EVAL_BATCH)) / y.numel()
    var = y.float().var(unbiased=False).item()
    return {"loss": mse, "r2": 1.0 - mse / var if var > 0 else 0.0}''',
    "translate": '''METRIC = "sequence_accuracy"  # outputs with every token right, decoded greedily


def batch_loss(model, x, y):
    """Teacher forcing: read [BOS] + target[:-1], predict target; cross-entropy over every target token."""
    logits = target_logits(model, x, y[:, :-1])  # (B, T, V)
    return F.cross_entropy(logits.flatten(0, 1), y[:, 1:].flatten())


@torch.no_grad()
def greedy_decode(model, src, n_out: int):
    """Start from BOS and feed back the most likely token, one step at a time: (B, S) -> (B, n_out)."""
    ys = torch.full((len(src), 1), BOS, dtype=torch.long, device=src.device)
    for _ in range(n_out):
        nxt = target_logits(model, src, ys)[:, -1].argmax(-1, keepdim=True)  # (B, 1)
        ys = torch.cat([ys, nxt], dim=1)
    return ys[:, 1:]


@torch.no_grad()
def evaluate(model, x, y) -> dict:
    """Test loss (teacher forcing), token accuracy and whole-output accuracy of greedy decoding, in batches."""
    total, correct, whole = 0.0, 0, 0
    for i in range(0, len(x), EVAL_BATCH):
        src, yb = x[i:i + EVAL_BATCH], y[i:i + EVAL_BATCH]
        target = yb[:, 1:]  # (B, T)
        logits = target_logits(model, src, yb[:, :-1]).float()
        total += F.cross_entropy(logits.flatten(0, 1), target.flatten(), reduction="sum").item()
        right = greedy_decode(model, src, target.shape[1]) == target
        correct += right.sum().item()
        whole += right.all(dim=1).sum().item()
    n_tokens = len(x) * (y.shape[1] - 1)
    return {"loss": total / n_tokens, "accuracy": correct / n_tokens, "sequence_accuracy": whole / len(x)}''',
}
_ENCODER_DECODER = '''def target_logits(model, src, tgt_in):
    """Scores of the next target token at every target position: (B, S), (B, T) -> (B, T, V)."""
    return model(src, tgt_in)'''
_DECODER_ONLY = '''def target_logits(model, src, tgt_in):
    """The decoder-only model reads source, BOS and target as one sequence; only the target positions are
    scored: (B, S), (B, T) -> (B, T, V)."""
    s = src.shape[1]
    return model(torch.cat([src, tgt_in], dim=1))[:, s:]'''

_MAIN = '''def pick_device(name: str) -> torch.device:
    """auto: CUDA, then Apple MPS, then the CPU; an explicit device that is absent stops the script."""
    mps = getattr(torch.backends, "mps", None)
    has_mps = bool(mps and mps.is_available())
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu")
    if (name == "cuda" and not torch.cuda.is_available()) or (name == "mps" and not has_mps):
        raise SystemExit(f"--device {name}: not available on this machine")
    return torch.device(name)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--epochs", type=int, default=DEFAULTS["epochs"], help="passes over the training set")
    p.add_argument("--batch-size", type=int, default=DEFAULTS["batch_size"])
    p.add_argument("--lr", type=float, default=DEFAULTS["lr"], help="learning rate")
    p.add_argument("--optimizer", choices=("adam", "adamw"), default=DEFAULTS["optimizer"])
    p.add_argument("--weight-decay", type=float, default=DEFAULTS["weight_decay"])
    p.add_argument("--schedule", choices=("constant", "cosine", "linear", "step"), default=DEFAULTS["schedule"],
                   help="how the learning rate falls over the run")
    p.add_argument("--warmup", type=int, default=DEFAULTS["warmup"], help="steps of linear learning-rate warm-up")
    p.add_argument("--grad-clip", type=float, default=DEFAULTS["grad_clip"],
                   help="largest gradient norm; 0 turns clipping off")
    p.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="picks the data and the initial weights")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    p.add_argument("--init", metavar="PATH", help="start from these weights: a state_dict saved by --save (.pt) or "
                   "a checkpoint downloaded from the Playground (.safetensors, needs the safetensors package)")
    p.add_argument("--save", metavar="PATH", help="write the trained weights (a state_dict) to PATH")
    p.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)  # quick checks: first N examples
__DATA_DIR__    return p.parse_args(argv)


def load_weights(model: nn.Module, path: str) -> None:
    """Weights from --save (.pt) or from the Playground's download (.safetensors); every tensor must fit."""
    if path.endswith(".safetensors"):
        from safetensors.torch import load_model
        load_model(model, path, strict=True)  # handles weights shared between modules, stored once
    else:
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True), strict=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    device = pick_device(args.device)
    x_train, y_train, x_test, y_test = (t.to(device) for t in load_data(args.seed, args.limit__DATA_DIR_ARG__))
    torch.manual_seed(args.seed)  # the same seed gives the same initial weights as in the Playground
    model = build_model()
    if args.init:
        load_weights(model, args.init)
        print(f"weights loaded from {args.init}")
    model = model.to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW if args.optimizer == "adamw" else torch.optim.Adam
    opt = optimizer(params, lr=args.lr, weight_decay=args.weight_decay)
    n = len(x_train)
    batch = max(1, min(args.batch_size, n))
    steps_per_epoch = n // batch  # the last partial batch of an epoch is dropped
    total = steps_per_epoch * args.epochs
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, total, args.warmup, args.schedule))
    order = torch.Generator().manual_seed(args.seed)  # batch order, independent of anything else
    n_params = sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())  # tied weights once
    print(f"{MODEL} on {DATASET}: {n:,} training and {len(x_test):,} test examples, {n_params:,} parameters, "
          f"{device.type}")
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=order).to(device)
        losses = []
        for i in range(steps_per_epoch):
            idx = perm[i * batch:(i + 1) * batch]
            loss = batch_loss(model, x_train[idx], y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if args.grad_clip > 0:
                nn.utils.clip_grad_norm_(params, args.grad_clip)
            opt.step()
            schedule.step()
            losses.append(loss.detach())
        train_loss = torch.stack(losses).mean().item()
        if not math.isfinite(train_loss):
            print(f"epoch {epoch}: the training loss is {train_loss}; try a smaller --lr")
            return 1
        model.eval()
        metrics = evaluate(model, x_test, y_test)
        shown = METRIC_FORMAT.format(metrics[METRIC])
        print(f"epoch {epoch:3d}/{args.epochs}  train loss {train_loss:.4f}  test loss {metrics['loss']:.4f}  "
              f"test {METRIC} {shown}  ({time.perf_counter() - t0:.1f} s)", flush=True)
    if args.save:
        torch.save(model.state_dict(), args.save)
        print(f"weights saved to {args.save}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
'''


def _section(title: str) -> str:
    return f"\n\n# {'=' * 115}\n# {title}\n\n"


def _literal(name: str, value: dict, comment: str = "") -> str:
    """NAME = dict(a=1, b=2) wrapped at 120 characters."""
    items = [f"{k}={v!r}" for k, v in value.items()]
    one = f"{name} = dict({', '.join(items)})" + (f"  # {comment}" if comment else "")
    if len(one) <= 120:
        return one
    lines, line = [], "   "
    for item in items:
        if len(line) + len(item) + 2 > 116:
            lines.append(line.rstrip())
            line = "   "
        line += f" {item},"
    lines.append(line.rstrip())
    return (f"# {comment}\n" if comment else "") + f"{name} = dict(\n" + "\n".join(lines) + "\n)"


def _header_imports(body: str, extra: list[str]) -> str:
    """The script's imports: the standard ones its code uses, then the model source's own, each once."""
    std = [f"import {m}" for m in ("argparse", "math", "time", "zlib") if re.search(rf"\b{m}\.", body)]
    third = ["import numpy as np", "import torch", "import torch.nn as nn", "import torch.nn.functional as F"]
    seen = set(std + third)
    rest = [line for line in extra if not (line in seen or seen.add(line))]
    return "\n".join(["from __future__ import annotations", "", *std, "", *third, *rest]) + "\n"


def training_script(key: str, dataset: str | None = None, *, model_options: dict | None = None,
                    data_options: dict | None = None, spec: TrainSpec | None = None) -> str:
    """The text of a self-contained Python file that trains `key` on `dataset` (default: the first dataset that
    fits, as the Train tab picks it) with the Train tab's starting settings; it needs torch and numpy only, plus
    timm / torchvision for catalog models and torchvision datasets, and scikit-learn for the digits.

    Args:
        model_options: builder arguments the Train tab exposes (hidden sizes and activation of the 2-D MLP);
            default: the shipped recipe's for this pair, else the builder's own.
        data_options: dataset options (n_train, seq_len, noise, ...); default: the recipe's, else the dataset's.
        spec: a run's settings (the session's model) to start from instead of the Train tab's first ones; its
            model and data options apply unless given above.
    """
    entry = resolve(key)
    if entry is None:
        raise PlaygroundError("unknown_model", model=key)
    choices = datasets_for(entry)
    if not choices:
        raise PlaygroundError("tr_no_dataset", model=entry.key)
    dataset = dataset or choices[0]
    info = dataset_info(dataset)
    if dataset not in choices:
        raise PlaygroundError("train_mismatch", model=entry.key, dataset=dataset, kind=entry.input_kind)
    spec = spec if spec is not None and spec.model == entry.key and spec.dataset == dataset else \
        default_train_spec(entry.key, dataset)
    model_options = spec.model_options if model_options is None else model_options
    data_options = spec.data_options if data_options is None else data_options
    data = _script_dataset(dataset, dict(data_options))
    loss = resolve_loss(spec, data)
    kwargs = model_kwargs(entry, data, loss, model_options)
    input_shape = input_shape_for(entry, data)
    params = _check_fit(entry, data, loss, kwargs, input_shape)
    metric = make_task(entry, data, loss).metric
    remote = dataset in _REMOTE_IMAGES
    body, imports = [], []

    # the model
    call = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    if entry.source == "registry":
        body.append(_section(f"The model: {entry.title}, as the Playground defines it (playground/core/models/)"))
        imports, source = _standalone_model_source(entry.key)
        body.append(source)
        builder = f"{entry.build.__name__}({call})"
    elif entry.source == "timm":
        body.append(_section(f"The model: timm's {entry.title}, with random weights"))
        imports = ["import timm"]
        builder = f"timm.create_model({entry.title!r}, pretrained=False, {call})"
    else:
        body.append(_section(f"The model: torchvision's {entry.title}, with random weights"))
        imports = ["import torchvision"]
        extra = {"aux_logits": False, "init_weights": False} if entry.title in TV_NO_AUX else {}
        if entry.title.startswith("vit_"):  # as playground.core.models.catalog builds it
            extra["image_size"] = entry.input_shape[-1]
        call = ", ".join(f"{k}={v!r}" for k, v in {**extra, **kwargs}.items())
        builder = f"torchvision.models.get_model({entry.title!r}, weights=None, {call})"
    body.append(f'''

def build_model() -> nn.Module:
    """{entry.title} sized for {dataset}: {call}."""
    return {builder}
''')

    # the data
    load_source, data_needs, override = _load_data_source(data, input_shape)
    title = info.title["en"]
    body.append(_section(f"The data: {title}, made exactly as the Playground makes it (playground/core/data/datasets.py)"))
    opts = {k: v for k, v in data.options.items() if k != "seed"}
    classes = "" if remote else f"CLASSES = {tuple(data.classes)!r}\n"  # torchvision's come with the files
    body.append(f"DATASET = {dataset!r}\n{_literal('OPTIONS', opts)}\n{classes}"
                f"INPUT_SHAPE = {tuple(input_shape)!r}  # one example, as the model reads it\n")
    body.append(_data_source(data_needs + (["BOS"] if data.task == "translate" else []), override))
    body.append("\n\n\n" + load_source + "\n")

    # loss and metric
    body.append(_section(f"Loss and metric: {data.task}"))
    body.append(f"EVAL_BATCH = {EVAL_BATCH}\n")
    if data.task == "translate":
        body.append("\n\n" + (_DECODER_ONLY if entry.input_kind == "tokens" else _ENCODER_DECODER) + "\n")
    body.append("\n\n" + _TASK_CODE[data.task] + "\n")

    # training
    epochs = spec.epochs if spec.steps <= 0 else spec.steps * spec.batch_size / len(data.x_train)
    epochs = max(1, math.ceil(epochs))
    defaults = {"epochs": epochs, "batch_size": spec.batch_size, "lr": spec.lr,
                "optimizer": spec.optimizer if spec.optimizer in ("adam", "adamw") else "adam",
                "weight_decay": spec.weight_decay, "schedule": spec.schedule, "warmup": spec.warmup_steps,
                "grad_clip": spec.grad_clip, "seed": spec.seed}
    body.append(_section("Training"))
    body.append(f"MODEL = {entry.key!r}\n{_literal('DEFAULTS', defaults, 'the Train tab starting settings')}\n"
                f"METRIC_FORMAT = {_METRIC_FORMAT[metric]!r}\n\n\n")
    body.append(_function_source(lr_factor) + "\n\n\n")
    main = _MAIN.replace("__DATA_DIR__", '    p.add_argument("--data-dir", default="data", help="where torchvision '
                         'keeps the dataset files")\n' if remote else "")
    body.append(main.replace("__DATA_DIR_ARG__", ", args.data_dir" if remote else ""))
    text = re.sub(r"\n{4,}", "\n\n\n", "".join(body))  # at most two blank lines between the parts

    # the header, last: it lists what the body needs
    needs = ["torch", "numpy"] + (["scikit-learn"] if dataset == "digits" else []) + \
        (["torchvision"] if remote or entry.source == "torchvision" else []) + \
        (["timm"] if entry.source == "timm" else [])
    stem = file_stem(entry.key)
    shape = "x".join(map(str, input_shape))
    reads = {"image": f"{shape} images", "vector": "2-D points", "series": f"series of {shape} values",
             "tokens": f"{shape} tokens", "token_pair": f"{shape} source tokens"}[data.input_kind]
    shown = metric.replace("_", " ")
    header = f'''"""Train {entry.title} (`{entry.key}`) on {title}.

A standalone script from the Neural Network Playground.
{params:,} parameters, reading {reads}; task: {data.task}, measured by test {shown}.
Model paper: {entry.paper or "see the library's documentation"}
Needs {", ".join(needs)}; nothing from the Playground itself.

    python {stem}_train.py                              # the Playground's settings ({epochs} epochs)
    python {stem}_train.py --epochs 5 --device cuda --save {stem}.pt

--save writes a state_dict: model = build_model(); model.load_state_dict(torch.load("{stem}.pt")).
--init continues from weights: a file from --save, or the .safetensors checkpoint the Train tab offers.
Every epoch prints the mean training loss, the test loss and the test {shown}.
"""
'''
    return header + _header_imports(text, imports) + text


def write_training_script(key: str, folder: Path, dataset: str | None = None, spec: TrainSpec | None = None) -> Path:
    """<model>_train.py in folder (see training_script); returns its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_stem(key)}_train.py"
    path.write_text(training_script(key, dataset, spec=spec), encoding="utf-8")
    return path
