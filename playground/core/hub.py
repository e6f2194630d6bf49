"""Published weights and tokenizers, fetched only when a visitor asks: from the Hugging Face Hub (GPT-2, BERT, timm)
or from a plain URL (torchvision's weights), into the libraries' own caches. A cached file is used without the
network; otherwise the file's published size is checked against config.MAX_DOWNLOAD_BYTES before anything is
downloaded. Every way this can fail -- offline, no route, a missing file, too large -- is a PlaygroundError with a
message in both languages (playground/i18n/core.py, keys hub_*). The app never calls this at start-up. No gradio:
a callback that wants a progress bar passes gr.Progress(track_tqdm=True), which follows the libraries' tqdm bars.
"""
from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

from playground.core import config
from playground.core.errors import PlaygroundError

TRUE = {"1", "true", "yes", "on"}


def offline() -> bool:
    """True when nothing may be downloaded: HF_HUB_OFFLINE or PLAYGROUND_OFFLINE set now, or huggingface_hub's
    own offline mode (HF_HUB_OFFLINE when it was imported), under which its requests fail anyway."""
    from huggingface_hub import constants

    now = (os.environ.get("HF_HUB_OFFLINE", ""), os.environ.get("PLAYGROUND_OFFLINE", ""))
    return any(v.strip().lower() in TRUE for v in now) or constants.is_offline_mode()


def _endpoint() -> str | None:
    return os.environ.get("HF_ENDPOINT") or None


def cache_dir() -> Path:
    """The hub cache, read at call time: HF_HUB_CACHE, else HF_HOME/hub, else huggingface_hub's default. Tests
    point it at a temporary folder holding files in the hub's own layout."""
    from huggingface_hub import constants

    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    return Path(constants.HF_HUB_CACHE)


def size_text(n: int | float) -> str:
    """1_234_567 -> '1.2 MB' (decimal units, as the hub shows them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def cached_hub_file(repo_id: str, filename: str, revision: str | None = None) -> Path | None:
    """The file from the local hub cache (HF_HOME / HF_HUB_CACHE), or None; never touches the network."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, filename, cache_dir=cache_dir(), revision=revision)
    return Path(found) if isinstance(found, str) else None


def published_size(repo_id: str, filename: str, revision: str | None = None) -> int:
    """The file's size on the hub, in bytes, from a HEAD request; PlaygroundError if it cannot be had."""
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    try:
        url = hf_hub_url(repo_id, filename, revision=revision, endpoint=_endpoint())
        meta = get_hf_file_metadata(url, timeout=10, endpoint=_endpoint())
    except Exception as e:  # noqa: BLE001 -- every failure of the request is one of three answers to the visitor
        raise _hub_error(e, repo_id, filename) from None
    return int(meta.size or 0)


def hub_file(repo_id: str, filename: str, revision: str | None = None,
             max_bytes: float | None = None) -> Path:
    """A file of a hub repository, from the cache or downloaded into it after its size was checked."""
    found = cached_hub_file(repo_id, filename, revision)
    if found is not None:
        return found
    if offline():
        raise PlaygroundError("hub_offline", repo=repo_id, file=filename)
    limit = config.MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
    size = published_size(repo_id, filename, revision)
    if size > limit:
        raise PlaygroundError("hub_too_large", repo=repo_id, file=filename, size=size_text(size),
                              limit=size_text(limit))
    from huggingface_hub import hf_hub_download

    try:
        return Path(hf_hub_download(repo_id, filename, revision=revision, cache_dir=cache_dir(), endpoint=_endpoint(),
                                    etag_timeout=10))
    except Exception as e:  # noqa: BLE001
        raise _hub_error(e, repo_id, filename) from None


def _hub_error(e: Exception, repo_id: str, filename: str) -> PlaygroundError:
    """A hub library's exception as the visitor's message: missing (404, gated, no such repository), offline
    mode, or no route to the hub (anything else: DNS, refused connection, time-out, a proxy's error)."""
    from huggingface_hub import errors

    if isinstance(e, (errors.EntryNotFoundError, errors.RepositoryNotFoundError, errors.RevisionNotFoundError,
                      errors.GatedRepoError)):
        return PlaygroundError("hub_missing", repo=repo_id, file=filename)
    if isinstance(e, errors.HfHubHTTPError) and getattr(e.response, "status_code", None) in (401, 403, 404):
        return PlaygroundError("hub_missing", repo=repo_id, file=filename)
    if isinstance(e, errors.LocalEntryNotFoundError) and offline():
        return PlaygroundError("hub_offline", repo=repo_id, file=filename)
    return PlaygroundError("hub_unreachable", repo=repo_id, file=filename, detail=type(e).__name__)


def url_file(url: str, cache_dir: Path | None = None, max_bytes: float | None = None) -> Path:
    """A file from a plain URL (torchvision's weights), kept under cache_dir (torch.hub's checkpoints folder by
    default, where torchvision itself looks) by its last path segment; size checked before downloading."""
    import torch.hub

    folder = Path(cache_dir) if cache_dir else Path(torch.hub.get_dir()) / "checkpoints"
    target = folder / url.rsplit("/", 1)[-1]
    if target.is_file():
        return target
    name = target.name
    if offline():
        raise PlaygroundError("hub_offline", repo=url.rsplit("/", 1)[0], file=name)
    limit = config.MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as answer:
            size = int(answer.headers.get("Content-Length") or 0)
    except urllib.error.HTTPError as e:
        key = "hub_missing" if e.code in (401, 403, 404) else "hub_unreachable"
        raise PlaygroundError(key, repo=url.rsplit("/", 1)[0], file=name, detail=f"HTTP {e.code}") from None
    except (OSError, ValueError) as e:
        raise PlaygroundError("hub_unreachable", repo=url.rsplit("/", 1)[0], file=name,
                              detail=type(e).__name__) from None
    if size > limit:
        raise PlaygroundError("hub_too_large", repo=url.rsplit("/", 1)[0], file=name, size=size_text(size),
                              limit=size_text(limit))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        torch.hub.download_url_to_file(url, str(target), progress=True)  # to a temporary file, then renamed
    except (OSError, ValueError, RuntimeError) as e:
        raise PlaygroundError("hub_unreachable", repo=url.rsplit("/", 1)[0], file=name,
                              detail=type(e).__name__) from None
    return target
