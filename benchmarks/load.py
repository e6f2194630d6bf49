"""Many visitors at once: `python app.py` in its own process, driven by N gradio_client sessions in N threads, each
repeating a mix of what a student does (inspect a model, a CNN prediction, attention of the shipped transformer,
LSTM gates, a softmax, a short training run and a look at the session's model). Every answer is checked against
the session's own input (the reversed digits it typed, the brackets it typed, the model it trained), so answers
crossed between sessions fail as errors. Prints median and p95 latency per endpoint, as the client sees it (time
in the queue included).

    PYTHONPATH=. python benchmarks/load.py [--sessions 20] [--rounds 2] [--env PLAYGROUND_TORCH_THREADS=1 ...]

tests/load/test_load.py runs the same with assertions (pytest -m load).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from tests.conftest import TRAIN_SETTINGS, free_port  # noqa: E402

CONNECT_TIMEOUT = 60  # seconds
MODELS = ("resnet18", "lenet5", "vgg11", "vgg16", "alexnet", "googlenet", "lstm", "densenet121")
PARAMS = {"resnet18": 11_689_512, "lenet5": 61_706, "vgg11": 132_863_336, "vgg16": 138_357_544,
          "alexnet": 62_378_344, "googlenet": 6_624_904, "lstm": 2_202_114, "densenet121": 7_978_856}
SHAPES = {"resnet18": "3x224x224", "lenet5": "1x32x32", "vgg11": "3x224x224", "vgg16": "3x224x224",
          "alexnet": "3x227x227", "googlenet": "3x224x224", "lstm": "64", "densenet121": "3x224x224"}  # defaults


# ---------------------------------------------------------------------------------------------------------------
# The app in its own process

def start_app(env: dict | None = None, timeout: float = 180, log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free port, as a Space runs it -> (process, url) once it answers. The app's own log
    (tracebacks of internal errors) goes to `log` if given."""
    port = free_port()
    environ = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
               "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", **(env or {})}
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=environ, stdout=out, stderr=out)
    url, deadline = f"http://127.0.0.1:{port}/", time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("app.py did not start")
            time.sleep(0.5)


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


# ---------------------------------------------------------------------------------------------------------------
# What one session does, and how its answers are checked

@dataclass
class Call:
    endpoint: str
    args: tuple
    check: Callable[[object], bool]  # True when the answer belongs to this session's input
    stream: bool = False


def digits(i: int, r: int) -> str:
    """Eight digits unique to session i and round r (the tiny transformer reverses them)."""
    return f"{(i * 7919 + r * 104729 + 1234567) % 10 ** 8:08d}"


def brackets(i: int, r: int) -> str:
    """A balanced bracket string unique to session i and round r (0 <= i < 100)."""
    n = i * 10 + r
    inner = "".join("()" if n >> k & 1 else "(())" for k in range(7))
    return "(" + inner + ")"


def calls(i: int, r: int) -> list[Call]:
    model = MODELS[(i + r) % len(MODELS)]
    text, seq = digits(i, r), brackets(i, r)
    logits = f"{i % 7}, {r}, -1"
    seed = 1000 + 10 * i + r
    hidden = f"{4 + i % 5},{3 + r}"
    settings = {**TRAIN_SETTINGS, "epochs": 0, "steps": 20, "n_samples": 200, "seed": seed, "hidden": hidden}
    return [
        Call("/inspect_model", (model, SHAPES[model]), lambda out: out[1]["total_params"] == PARAMS[model]),
        Call("/predict", ("pretrained/lenet5_digits", "sample", "digits", (i * 37 + r) % 300, None, None, True,
                          None), lambda out: "**lenet5**" in out[0] and "plot" in out[2]),
        Call("/attention", ("pretrained/tiny_transformer_reverse", text, None, 0, "sample", "shapes", 0, None, None),
             lambda out: f"`{' '.join(text)}`" in out[0]),
        Call("/gates", ("pretrained/tiny_lstm_brackets", seq, None, ""),
             lambda out: f"read {len(seq)} symbols" in out[0]),
        Call("/softmax", (logits, 1), lambda out: out[1].startswith("At T = 1:")),
        Call("/train", tuple(settings.values()), lambda out: "Done" in out[0], stream=True),
        Call("/session_model", (), lambda out: json.loads(out)["spec"]["seed"] == seed
             and json.loads(out)["spec"]["model_options"]["hidden"] == [int(h) for h in hidden.split(",")]),
    ]


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    most_at_once: int = 0


def session(url: str, i: int, rounds: int, result: Result, start: threading.Barrier, lock: threading.Lock,
            active: list[int]) -> None:
    from gradio_client import Client
    t = time.perf_counter()
    try:  # a browser waits for the page as long as it takes; httpx's default would give up after 5 s
        client = Client(url, verbose=False, httpx_kwargs={"timeout": CONNECT_TIMEOUT})
        with lock:
            result.latencies["connect"].append(time.perf_counter() - t)
    except Exception as e:  # noqa: BLE001 - reported as an error of this session
        with lock:
            result.errors.append(f"session {i}: could not connect: {e!r}")
        client = None
    start.wait()  # every session, connected or not, so that the others start together
    if client is None:
        return
    with lock:
        active[0] += 1
        result.most_at_once = max(result.most_at_once, active[0])
    try:
        for r in range(rounds):
            for call in calls(i, r):
                t = time.perf_counter()
                try:
                    if call.stream:
                        job = client.submit(*call.args, api_name=call.endpoint)
                        out = job.result(timeout=600)
                    else:
                        out = client.predict(*call.args, api_name=call.endpoint)
                    ok = call.check(out)
                    problem = None if ok else f"session {i} round {r} {call.endpoint}: not its own answer"
                except Exception as e:  # noqa: BLE001 - every failure counts, whatever its kind
                    problem = f"session {i} round {r} {call.endpoint}: {type(e).__name__}: {str(e)[:200]}"
                seconds = time.perf_counter() - t
                with lock:
                    result.latencies[call.endpoint].append(seconds)
                    if problem:
                        result.errors.append(problem)
    finally:
        with lock:
            active[0] -= 1


def drive(url: str, sessions: int = 20, rounds: int = 2) -> Result:
    """`sessions` clients at once, each running the mix `rounds` times; they start together."""
    result, lock, active = Result(), threading.Lock(), [0]
    start = threading.Barrier(sessions + 1)
    threads = [threading.Thread(target=session, args=(url, i, rounds, result, start, lock, active), daemon=True)
               for i in range(sessions)]
    for t in threads:
        t.start()
    start.wait(timeout=300)
    t0 = time.perf_counter()
    for t in threads:
        t.join(timeout=1800)
    result.wall = time.perf_counter() - t0
    return result


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def table(result: Result) -> str:
    rows = ["| endpoint | calls | median | p95 | slowest |", "|---|---:|---:|---:|---:|"]
    for name, values in result.latencies.items():
        rows.append(f"| `{name}` | {len(values)} | {statistics.median(values):.2f} s | {percentile(values, 0.95):.2f} s "
                    f"| {max(values):.2f} s |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--log", type=Path, help="write the app's log (tracebacks of internal errors) here")
    parser.add_argument("--env", nargs="*", default=[], help="NAME=VALUE settings for the app, e.g. "
                        "PLAYGROUND_TORCH_THREADS=1")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    proc, url = start_app(env, log=args.log)
    try:
        result = drive(url, args.sessions, args.rounds)
    finally:
        stop_app(proc)
    n = sum(map(len, result.latencies.values()))
    print(f"{os.cpu_count()} CPUs; app settings {env or 'default'}; {args.sessions} sessions x {args.rounds} rounds: "
          f"{n} calls in {result.wall:.0f} s, {result.most_at_once} sessions at once, {len(result.errors)} errors\n")
    print(table(result))
    for e in result.errors[:20]:
        print("ERROR", e)


if __name__ == "__main__":
    main()
