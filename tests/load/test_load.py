"""Many visitors at once (pytest -m load): `python app.py` in its own process and 20 gradio_client sessions
connecting and driving it together (benchmarks/load.py), with zero errors and every answer the session's own; and
a server made small on purpose, to see that a full training line and a full queue answer "busy, try again" at once
while the runs already going on keep their models. Latencies go to artifacts/load.md."""
import json
import threading
import time
from pathlib import Path

import pytest
from gradio_client import Client

from benchmarks.load import drive, start_app, stop_app, table
from tests.conftest import TRAIN_SETTINGS

pytestmark = pytest.mark.load

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SESSIONS, ROUNDS = 20, 2


def test_twenty_sessions_at_once_get_their_own_answers_and_no_errors():
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app(log=ARTIFACTS / "load_app.log")
    try:
        result = drive(url, SESSIONS, ROUNDS)
    finally:
        stop_app(proc)
    report = (f"{SESSIONS} sessions x {ROUNDS} rounds, {sum(map(len, result.latencies.values()))} calls in "
              f"{result.wall:.0f} s, {result.most_at_once} sessions at once, {len(result.errors)} errors\n\n"
              f"{table(result)}\n")
    (ARTIFACTS / "load.md").write_text(report)
    print("\n" + report)
    assert not result.errors, result.errors[:10]
    assert result.most_at_once == SESSIONS
    assert len(result.latencies["connect"]) == SESSIONS and len(result.latencies) == 8
    assert all(len(v) == SESSIONS * ROUNDS for k, v in result.latencies.items() if k != "connect")


def _settings(**changes):
    return list({**TRAIN_SETTINGS, **changes}.values())


def _first_output(job, timeout=120):
    deadline = time.time() + timeout
    while not job.outputs():
        assert time.time() < deadline and not job.done(), "no progress arrived"
        time.sleep(0.05)
    return job.outputs()[0]


def test_a_full_server_answers_busy_and_keeps_the_runs_going():
    proc, url = start_app(env={"PLAYGROUND_TRAIN_CONCURRENCY": "1", "PLAYGROUND_TRAIN_WAITING": "1",
                               "PLAYGROUND_QUEUE_SIZE": "2"})
    try:
        a, b, c = (Client(url, verbose=False) for _ in range(3))
        long_run = _settings(epochs=0, steps=20000, batch_size=1)
        job_a = a.submit(*long_run, api_name="/train")
        assert "Step" in _first_output(job_a)[0]  # training: the one place
        job_b = b.submit(*long_run, api_name="/train")
        assert "number 1 in line" in _first_output(job_b)[0]  # waiting, and told so
        with pytest.raises(Exception) as busy:  # the line is full: at once, in words
            c.predict(*long_run, api_name="/train")
        assert "busy" in str(busy.value) and "try again" in str(busy.value)

        # Gradio's queue (2 places) in front of the inspection (2 at a time): 8 slow inspections sent together.
        failures, lock = [], threading.Lock()

        def inspect():
            try:
                Client(url, verbose=False).predict("timm/efficientnet_b7", "3x600x600", api_name="/inspect_model")
            except Exception as e:  # noqa: BLE001 - counted below
                with lock:
                    failures.append(str(e))
        threads = [threading.Thread(target=inspect) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert failures and all("try again" in f.lower() for f in failures), failures

        assert "Stopping" in b.predict(api_name="/stop_training")  # out of the line
        assert "Left the line" in job_b.result(timeout=60)[0]
        assert "Stopping" in a.predict(api_name="/stop_training")
        assert "Stopped at step" in job_a.result(timeout=60)[0]
        assert json.loads(a.predict(api_name="/session_model"))["metrics"]["status"] == "stopped"  # kept
        c.predict(*_settings(epochs=1), api_name="/train")  # and the place is free again
        assert json.loads(c.predict(api_name="/session_model"))["metrics"]["status"] == "done"
    finally:
        stop_app(proc)
