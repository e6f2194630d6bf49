"""Training-script part: the command line, the device, --init / --save and the training loop. Below the marker,
copied into the script (playground/export/script.py) with the `# exporter:` blocks the dataset needs; above it,
placeholders for what the script defines elsewhere (its settings, model, data, loss and metric)."""
from __future__ import annotations

import argparse
import math
import time

import torch
import torch.nn as nn

from playground.core.train.loop import lr_factor
from playground.export.script_parts.classify import METRIC, batch_loss, evaluate

MODEL = "lenet5"
DATASET = "digits"
DEFAULTS = dict(epochs=1, batch_size=64, lr=1e-3, optimizer="adam", weight_decay=0.0, schedule="constant", warmup=0,
                grad_clip=0.0, seed=0)
METRIC_FORMAT = "{:.2%}"


def build_model() -> nn.Module:
    """The chosen model; the exporter writes it."""
    raise NotImplementedError


def load_data(seed: int = 0, limit: int | None = None, data_dir: str = "data") -> tuple:
    """x_train, y_train, x_test, y_test of the chosen dataset; the exporter writes it."""
    raise NotImplementedError


# ==== the training script, from here on ====


def pick_device(name: str) -> torch.device:
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
    # exporter: if torchvision
    p.add_argument("--data-dir", default="data", help="where torchvision keeps the dataset files")
    # exporter: end
    return p.parse_args(argv)


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
    # exporter: if torchvision
    x_train, y_train, x_test, y_test = (t.to(device) for t in load_data(args.seed, args.limit, args.data_dir))
    # exporter: else
    x_train, y_train, x_test, y_test = (t.to(device) for t in load_data(args.seed, args.limit))
    # exporter: end
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
