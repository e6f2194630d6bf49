"""The degradation race that ships in pretrained/degradation_curves.json, so the view opens with a finished run:
its recipe (race.RaceSpec's defaults), the loader, and the script that rebuilds it on the CPU:

    .venv/bin/python -m playground.lessons.degradation.shipped
"""
from __future__ import annotations

import argparse
import json
import logging
from functools import lru_cache
from pathlib import Path

from playground.core import config
from playground.core.errors import PlaygroundError

from .race import Race, RaceHistory, RaceSpec, from_dict, to_dict

SHIPPED_FILE = config.PRETRAINED_DIR / "degradation_curves.json"
log = logging.getLogger("playground")


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PlaygroundError("degradation_no_shipped") from None


def shipped_race(path: Path = SHIPPED_FILE) -> tuple[RaceSpec, RaceHistory, dict]:
    """The shipped run: its spec, its curves, and the whole record (train_seconds, torch, threads)."""
    record = _read(path)
    try:
        spec, history = from_dict(record)
    except (KeyError, TypeError, ValueError):
        raise PlaygroundError("degradation_no_shipped") from None
    return spec, history, record


def build_shipped(path: Path = SHIPPED_FILE, spec: RaceSpec = RaceSpec()) -> dict:
    """Run the race to its end on the CPU and write its record to `path`; returns the record."""
    race = Race(spec)
    while not race.finished:
        race.step(spec.eval_every)
    record = to_dict(race)
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    _read.cache_clear()
    return record


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Run the shipped degradation race into pretrained/.")
    parser.add_argument("--out", type=Path, default=SHIPPED_FILE, help="where to write the record")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = build_shipped(args.out)
    log.warning("degradation race: %s s, final errors %s", out["train_seconds"],
                {k: v[-1] for k, v in out["error"].items()})
