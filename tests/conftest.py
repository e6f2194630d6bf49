import os
import socket

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


# The Train tab's 22 settings in widget order: a tiny MLP on the circle points, seconds on a CPU.
TRAIN_SETTINGS = dict(model="tiny_mlp", dataset="circle", optimizer="adam", lr=0.03, batch_size=16, epochs=10,
                      steps=0, momentum=0.9, weight_decay=0.0, warmup=0, schedule="constant", loss="auto",
                      grad_clip=0, seed=0, amp=True, hidden="8,8", activation="tanh", noise=0.0, train_ratio=0.5,
                      n_samples=200, n_train=2000, seq_len=8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app():
    """One built app for the tests that only read it (its events, its tabs, its restorer); ~1.5 s each saved."""
    from playground.ui import build_app
    return build_app()


@pytest.fixture(scope="session")
def live_url():
    """The app served in this process on a free port, as users and API clients reach it."""
    from playground.ui import build_app, launch_options
    demo = build_app()
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                            quiet=True, **launch_options())
    yield url
    demo.close()
