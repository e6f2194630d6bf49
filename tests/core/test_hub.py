"""playground.core.hub: cached files without the network, and each way a download fails as a message key, never a
library's exception. No test here reaches the internet: the "server" is a closed port or a local one."""
from __future__ import annotations

import http.server
import socket
import threading

import pytest

from playground.core import hub
from playground.core.errors import PlaygroundError
from playground.i18n import message
from tests.hub_layout import write_hub_repo


def _online(monkeypatch):
    """As on a machine with a network (the suite runs with HF_HUB_OFFLINE=1, read by huggingface_hub at import)."""
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("PLAYGROUND_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    _online(monkeypatch)
    return tmp_path / "hub"


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_a_cached_file_is_used_even_offline(cache, monkeypatch):
    write_hub_repo(cache, "org/tiny", {"config.json": b'{"n": 1}', "sub/vocab.txt": b"a\nb\n"})
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert hub.hub_file("org/tiny", "config.json").read_bytes() == b'{"n": 1}'
    assert hub.hub_file("org/tiny", "sub/vocab.txt").read_text() == "a\nb\n"


@pytest.mark.parametrize("variable", ["HF_HUB_OFFLINE", "PLAYGROUND_OFFLINE"])
def test_offline_and_not_cached_is_a_message(cache, monkeypatch, variable):
    monkeypatch.setenv(variable, "1")
    with pytest.raises(PlaygroundError) as e:
        hub.hub_file("openai-community/gpt2", "model.safetensors")
    assert e.value.key == "hub_offline"
    for lang in ("en", "zh-CN"):
        text = message(e.value.key, lang, **e.value.params)
        assert "openai-community/gpt2" in text and "{" not in text


def test_no_route_is_unreachable(cache, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    with pytest.raises(PlaygroundError) as e:
        hub.hub_file("org/tiny", "model.safetensors")
    assert e.value.key == "hub_unreachable"


class _NotFound(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 -- http.server's naming
        self.send_response(404)
        self.send_header("X-Error-Code", "EntryNotFound")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


def test_a_missing_file_is_missing(cache, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
        with pytest.raises(PlaygroundError) as e:
            hub.hub_file("org/tiny", "nope.bin")
        assert e.value.key == "hub_missing"
    finally:
        server.shutdown()


def test_too_large_is_refused_before_downloading(cache, monkeypatch):
    monkeypatch.setattr(hub, "published_size", lambda *a, **k: 3_000_000_000)
    downloads = []
    monkeypatch.setattr("huggingface_hub.hf_hub_download", lambda *a, **k: downloads.append(a))
    with pytest.raises(PlaygroundError) as e:
        hub.hub_file("openai-community/gpt2-medium", "model.safetensors", max_bytes=1e9)
    assert e.value.key == "hub_too_large" and e.value.params["size"] == "3.0 GB"
    assert downloads == []


def test_url_file_cached_and_offline(tmp_path, monkeypatch):
    _online(monkeypatch)
    monkeypatch.setenv("PLAYGROUND_OFFLINE", "1")
    (tmp_path / "resnet18-f37072fd.pth").write_bytes(b"weights")
    url = "https://download.pytorch.org/models/resnet18-f37072fd.pth"
    assert hub.url_file(url, cache_dir=tmp_path).read_bytes() == b"weights"
    with pytest.raises(PlaygroundError) as e:
        hub.url_file(url.replace("resnet18", "resnet50"), cache_dir=tmp_path)
    assert e.value.key == "hub_offline"


def test_url_file_no_route(tmp_path, monkeypatch):
    _online(monkeypatch)
    with pytest.raises(PlaygroundError) as e:
        hub.url_file(f"http://127.0.0.1:{_closed_port()}/w.pth", cache_dir=tmp_path)
    assert e.value.key == "hub_unreachable"


def test_size_text():
    assert [hub.size_text(n) for n in (12, 1_500, 548_000_000, 1.5e9)] == ["12 B", "1.5 kB", "548.0 MB", "1.5 GB"]
