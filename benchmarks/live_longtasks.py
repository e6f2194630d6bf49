"""How much a live run freezes the page: Chromium's long tasks while the Train tab trains an MLP on the spiral and
while the GAN lab trains, for two checkouts of the app side by side (e.g. before and after a change).

Each app runs in its own process on a free port; one headless Chromium drives both. Per run: total long-task time
(PerformanceObserver 'longtask'), tasks over 200 ms, the run's wall time, bytes of the event stream per redraw (CDP
Network.dataReceived over the number of status changes), and from a Stop click a few seconds into a second run to
the status saying it stopped, and to the last change of the status and figures (idle). Needs /usr/bin/chromium and
Playwright.
Run: PYTHONPATH=. python benchmarks/live_longtasks.py [--before /tmp/smooth_before] [--after .]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WAIT = 300_000  # ms
QUIET = 3.0  # seconds without a change that count as idle
# Long tasks and every change of the watched elements, kept in the page from its first script on.
OBSERVE = """
window.__lt = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); })
    .observe({type: 'longtask', buffered: true});
window.__changes = [];
window.__watch = (selectors) => {
    window.__changes = [];
    const seen = new Map();
    const record = () => {
        for (const s of selectors) {
            const el = document.querySelector(s);
            const text = el ? el.innerText : '';
            if (seen.get(s) !== text) {
                seen.set(s, text);
                window.__changes.push([performance.now(), s, text.slice(0, 60)]);
            }
        }
    };
    new MutationObserver(record).observe(document.body, {subtree: true, childList: true, characterData: true});
};
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(root: Path) -> tuple[subprocess.Popen, str]:
    """The app of a checkout in its own process; -> (process, url) once it answers."""
    port = free_port()
    env = dict(os.environ, GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port),
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", PYTHONPATH=str(root))
    proc = subprocess.Popen([str(root / ".venv" / "bin" / "python"), "app.py"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"the app in {root} did not start")


class Meter:
    """Counts what the page receives from the app's event stream (CDP; scripts and styles left out) and reads its
    long tasks and changes."""

    def __init__(self, page):
        self.page, self.bytes, self.streams = page, 0, set()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.dataReceived", self._data)

    def _request(self, event) -> None:
        if "/queue/data" in event["request"]["url"]:
            self.streams.add(event["requestId"])

    def _data(self, event) -> None:
        if event["requestId"] in self.streams:
            self.bytes += event["dataLength"]

    def reset(self, watched: list[str]) -> None:
        self.bytes = 0
        self.page.evaluate("(s) => { window.__lt = []; window.__watch(s); }", watched)

    def long_tasks(self) -> list[float]:
        return self.page.evaluate("window.__lt")

    def changes(self) -> list:
        return self.page.evaluate("window.__changes")


def wait_quiet(page, since: float) -> float:
    """Wait until the watched elements have not changed for QUIET seconds; -> page time of the last change."""
    while True:
        last = page.evaluate("(since) => Math.max(since, ...window.__changes.map(c => c[0]))", since)
        now = page.evaluate("performance.now()")
        if now - last > QUIET * 1000:
            return last
        time.sleep(0.25)


def click(page, selector: str) -> float:
    """A DOM click (no waiting for animation frames a busy page withholds); -> its page time."""
    return page.evaluate("(s) => { const t = performance.now(); document.querySelector(s).click(); return t; }",
                         selector)


def measure_run(page, meter, button, status, watched, done_js) -> dict:
    """One run to its end: long tasks, wall time, bytes per status change."""
    meter.reset(watched)
    t0 = time.perf_counter()
    click(page, button)
    page.wait_for_function(done_js, timeout=WAIT, polling=100)
    wall = time.perf_counter() - t0
    tasks = meter.long_tasks()
    ticks = sum(1 for c in meter.changes() if c[1] == status)
    return dict(wall=wall, long_ms=sum(tasks), over_200=sum(1 for d in tasks if d > 200), ticks=ticks,
                bytes_per_tick=meter.bytes / max(ticks, 1))


def measure_stop(page, meter, button, stop, status, watched, running_js, after: float) -> tuple[float, float]:
    """Seconds from a Stop click `after` seconds into a run to the status saying it stopped (NaN where it never
    does), and to the last change of the watched elements (idle)."""
    meter.reset(watched)
    click(page, button)
    page.wait_for_function(running_js, timeout=WAIT, polling=100)
    time.sleep(after)
    t_click = click(page, stop)
    idle = (wait_quiet(page, t_click) - t_click) / 1000
    said = [c[0] for c in meter.changes() if c[0] >= t_click and c[1] == status and "Stopped" in c[2]]
    return ((said[0] - t_click) / 1000 if said else float("nan")), idle


def spiral(page, meter, url) -> dict:
    page.goto(url + "?scene=spiral_mlp")
    page.wait_for_function("() => document.querySelector('#train_estimate')?.innerText?.includes('3,125 steps')",
                           timeout=WAIT)
    watched = ["#train_progress", "#curves_plot", "#boundary_plot", "#train_results"]
    done = "() => /Done|Stopped/.test(document.querySelector('#train_progress')?.innerText ?? '')"
    out = measure_run(page, meter, "#train_button", "#train_progress", watched, done)
    time.sleep(1)
    out["stop"] = measure_stop(page, meter, "#train_button", "#stop_button", "#train_progress", watched,
                               "() => document.querySelector('#train_progress')?.innerText?.includes(' left')",
                               3.0)
    return out


def gan(page, meter, url) -> dict:
    page.goto(url + "?tab=labs/gan")
    page.wait_for_function("() => document.querySelector('#gan_status')?.innerText?.includes('Step 0 of 1000')",
                           timeout=WAIT)
    watched = ["#gan_status", "#gan_field_plot", "#gan_loss_plot"]
    done = "() => document.querySelector('#gan_status')?.innerText?.includes('Step 1000 of 1000')"
    out = measure_run(page, meter, "#gan_train", "#gan_status", watched, done)
    time.sleep(1)
    running = "() => !(document.querySelector('#gan_status')?.innerText?.includes('Step 1000 of') ?? true)"
    out["stop"] = measure_stop(page, meter, "#gan_train", "#gan_stop", "#gan_status", watched, running, 3.0)
    return out


def measure_app(browser, root: Path) -> dict:
    proc, url = start_app(root)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(OBSERVE)
        meter = Meter(page)
        out = {"spiral": spiral(page, meter, url)}
        print(f"  spiral: {out['spiral']}", file=sys.stderr, flush=True)
        out["gan"] = gan(page, meter, url)
        print(f"  gan: {out['gan']}", file=sys.stderr, flush=True)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, default=Path("/tmp/smooth_before"))
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, root in (("before", args.before), ("after", args.after)):
            print(f"measuring {name}: {root}", file=sys.stderr, flush=True)
            results[name] = measure_app(browser, root.resolve())
        browser.close()
    print(f"{os.cpu_count()} CPUs visible; Python {sys.version.split()[0]}\n")
    print("| run | checkout | long tasks | tasks > 200 ms | wall | redraws | KiB per redraw | Stop to 'Stopped' | "
          "Stop to idle |\n|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for run in ("spiral", "gan"):
        for name in ("before", "after"):
            r = results[name][run]
            print(f"| {run} | {name} | {r['long_ms'] / 1000:.1f} s | {r['over_200']} | {r['wall']:.1f} s | "
                  f"{r['ticks']} | {r['bytes_per_tick'] / 1024:.1f} | {r['stop'][0]:.2f} s | {r['stop'][1]:.2f} s |")
    for run in ("spiral", "gan"):
        b, a = results["before"][run], results["after"][run]
        print(f"{run}: long tasks {b['long_ms'] / max(a['long_ms'], 1):.1f}x less, tasks > 200 ms "
              f"{b['over_200'] / max(a['over_200'], 1):.1f}x fewer, {b['bytes_per_tick'] / a['bytes_per_tick']:.1f}x "
              "fewer bytes per redraw")


if __name__ == "__main__":
    main()
