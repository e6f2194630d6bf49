"""What a live run sends per redraw stays small, however long the run (the browser redraws every update on the
same cores as the server), and a run's last status is its result: done or stopped with the numbers, or why it was
refused; never a stale "Stopping…"."""
import re

import gradio as gr
import numpy as np
import pytest

from playground.core.session import Session
from playground.core.train.shipped import load_pretrained
from playground.figures.decimate import MAX_CURVE_POINTS
from playground.i18n import message
from playground.lessons.gan import tab as gan_tab
from playground.lessons.gan.lab import GanLab
from playground.lessons.gan.live import LabRun
from playground.lessons.gan.spec import PRESETS
from playground.lessons.train import callbacks
from playground.lessons.train.views import LIVE_BOUNDARY_GRID, boundary_figure, curves_figure
from playground.ui import live
from playground.ui.live import MIN_INTERVAL, Pacer
from tests.conftest import TRAIN_SETTINGS

EN = gr.Request(headers={"accept-language": "en-US,en;q=0.9"})
ZH = gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"})
KIB = 1024


def values(**changes):
    return list({**TRAIN_SETTINGS, **changes}.values())


def long_history(n: int) -> dict:
    rng = np.random.default_rng(0)
    loss = list(np.exp(-np.arange(n) / 3000) + rng.uniform(0, 0.1, n))
    loss[n // 3] = 9.0  # one bad batch
    evals = list(range(n // 20, n + 1, n // 20))
    return dict(steps=list(range(1, n + 1)), train_loss=loss, eval_steps=evals, train_metric=[0.5] * len(evals),
                val_loss=[0.4] * len(evals), val_metric=[0.6] * len(evals))


def test_the_live_spiral_boundary_is_a_small_heatmap():
    trained = load_pretrained("tiny_mlp_spiral")
    fig = boundary_figure(trained.model, trained.data, "en", LIVE_BOUNDARY_GRID)
    assert fig.data[0].type == "heatmap" and np.asarray(fig.data[0].z).shape == (LIVE_BOUNDARY_GRID,) * 2
    assert [d.type for d in fig.data[1:]] == ["scatter", "scatter"]  # the points: train and test, no contours
    assert len(fig.to_json()) < 20 * KIB
    assert len(boundary_figure(trained.model, trained.data, "en").to_json()) < 30 * KIB  # the finished model's


def test_long_curves_send_a_few_hundred_points_with_their_ends_and_extremes():
    n = 20_000
    history = long_history(n)
    fig = curves_figure(history, "classify", "en")
    train = fig.data[0]
    assert len(train.x) <= MAX_CURVE_POINTS and train.x[0] == 1 and train.x[-1] == n
    assert max(train.y) == pytest.approx(9.0) and min(train.y) == pytest.approx(min(history["train_loss"]))
    assert len(fig.to_json()) < 12 * KIB


def test_the_live_gan_figures_are_bounded():
    lab = GanLab(PRESETS["default"])
    lab.step(MAX_CURVE_POINTS + 50)  # more history rows than a line sends
    assert len(lab.history.step) > MAX_CURVE_POINTS
    _, field, losses = gan_tab._draw(lab, 2000, "en", live=True)
    assert len(field.to_json()) < 28 * KIB and len(losses.to_json()) < 24 * KIB
    assert field.data[0].z.shape == (gan_tab.LIVE_SNAPSHOT["grid"],) * 2
    line = next(d for d in losses.data if d.name == message("gan_fig_g_loss", "en"))
    assert len(line.x) <= MAX_CURVE_POINTS and line.x[0] == 0 and line.x[-1] == MAX_CURVE_POINTS + 50


def test_the_pace_follows_the_redraw_time():
    pacer = Pacer(minimum=0.25, factor=10)
    assert pacer.draw(lambda a: a + 1, 1) == 2 and pacer.interval == 0.25  # a quick redraw: the floor
    pacer.draw(lambda: sum(range(2_000_000)))
    assert pacer.interval == pytest.approx(max(0.25, 10 * pacer.last_draw))
    assert Pacer().interval == MIN_INTERVAL


class FrozenClock:
    """perf_counter() for the pacer alone: time stands still, so no redraw after the first is ever due."""

    @staticmethod
    def perf_counter() -> float:
        return 100.0


def test_a_redraw_is_due_only_after_the_interval(monkeypatch):
    pacer = Pacer(minimum=0.5)
    assert pacer.due()  # nothing drawn yet
    monkeypatch.setattr(live, "time", FrozenClock)
    pacer.draw(lambda: None)
    assert not pacer.due()
    pacer.drawn_at -= 0.5
    assert pacer.due()


def test_reports_between_redraws_are_skipped(monkeypatch):
    """A run reports at each of its evaluations however often it redraws; only due reports reach the page."""
    monkeypatch.setattr(live, "time", FrozenClock)
    frames = list(callbacks.on_train(Session(), *values(epochs=0, steps=400, batch_size=8), request=EN))
    live_frames = [f for f in frames if "left" in f[0]]
    assert len(live_frames) == 1  # the first report is drawn; the evaluations after it are not
    assert "Done: 400 steps" in frames[-1][0]


def test_a_stopped_run_ends_on_the_stopped_result_with_its_numbers():
    session = Session()
    gen = callbacks.on_train(session, *values(epochs=0, steps=20000, batch_size=1), request=EN)
    assert "left" in next(gen)[0]
    assert "Stopping" in callbacks.on_stop(session, EN)
    rest = list(gen)
    status = rest[-1][0]
    assert "Stopping" not in status
    assert re.search(r"Stopped at step [1-9][0-9,]* of 20000 after [0-9.]+ s", status), status
    assert "Test accuracy" in rest[-1][3]  # the result, not a stale line
    assert not session.running and session.trained.metrics["status"] == "stopped"


def test_a_refused_run_says_why_in_the_status(monkeypatch):
    session = Session()
    for request, words in ((EN, "learning rate"), (ZH, "学习率")):
        gen = callbacks.on_train(session, *values(lr=0), request=request)
        status = next(gen)[0]
        assert words in status and "Step" not in status and "left" not in status
        with pytest.raises(gr.Error, match=words):
            next(gen)
    assert not session.running and session.trained is None


def test_a_stopped_gan_run_says_where_it_stopped():
    run = LabRun()
    settings = ["ring", "non_saturating", 1e-3, 2e-3, 1, 32, 0]
    gen = gan_tab.on_train(*settings, 5000, run, request=EN)
    assert next(gen)[0].startswith("Step 0 of 5000")
    gan_tab.on_stop(run)
    frames = list(gen)
    assert len(frames) == 1 and re.match(r"Stopped at step \d+ of 5000: D loss", frames[0][0]), frames[0][0]
    done = list(gan_tab.on_train(*settings, 30, LabRun(), request=ZH))
    assert done[-1][0].startswith("第 30 / 30 步")
