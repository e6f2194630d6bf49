"""Files in the Hugging Face Hub's own cache layout, for offline tests of code that loads from the hub:
<cache>/models--<org>--<name>/{refs/main, snapshots/<commit>/<file>, blobs/<sha>} as huggingface_hub writes them."""
from __future__ import annotations

import hashlib
from pathlib import Path

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def write_hub_repo(cache: Path, repo_id: str, files: dict[str, bytes], commit: str = COMMIT) -> Path:
    """Write `files` (name -> bytes) as repo_id's main revision under the hub cache `cache`; returns the snapshot
    folder. Blobs are named by their sha256, and snapshots hold links to them, as on a real machine."""
    repo = Path(cache) / ("models--" + repo_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(commit)
    snapshot = repo / "snapshots" / commit
    for name, data in files.items():
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        link = snapshot / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(Path("../" * (name.count("/") + 2)) / "blobs" / blob.name)
    return snapshot
