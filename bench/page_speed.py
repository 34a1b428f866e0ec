"""Page speed: how fast the dashboard is ready and redraws its map, in headless Chromium.

    python bench/page_speed.py [--sizes 1000 10000 100000] [--repeats 5] [--distinct]

For each size a synthetic store is written (pipeline.maps.synthetic: events at the region's
places, ~8% governorate-level, ~1% country-wide; `--distinct` gives every point event its own
position, the worst case for the map) and `streamlit run dashboard.py` is started on it. Then, in
Chromium driven by Playwright with every request to another host refused:

- first ready: the first page load after the server starts (events loaded from the store, map
  built), from navigation to the map's events drawn (`window.atlasDrawn`);
- ready: a new browser session opening the page (median of `--repeats`);
- filter change: clicking an event-family pill until the map shows the new events (median); the
  pills are flipped in Gray-code order, so every view is a new one (no cached overlay);
- slider change: moving the date window's start by one day with the keyboard (median);
- map move: zooming the map in or out with its buttons until the page has taken in the new view
  (the note under the map that names the view the snapshots will show changes; median); this
  includes Leaflet's zoom animation and streamlit-folium's 250 ms debounce before it reports;
- map sent: the bytes of the map component's arguments (script, header, feature groups);
- floor: an app that shows one metric and nothing else, opened the same way, for scale (what
  Streamlit itself costs on this machine at this moment).

Timings are wall clock on a shared machine; the load average is printed beside them. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import test_browser as tb  # noqa: E402  (serve, Guard, the map frame helpers)

from pipeline.maps.synthetic import synthetic_events, write_store  # noqa: E402

POLL_S = 0.02
TIMEOUT_S = 120.0
# Marks the map frame before an action: a frame without the mark is a new one (map reloaded);
# in the same frame, a new overlay drawn (atlas.js counts them) is the redraw.
MARK = "() => { window.__benchMark = 1; return window.atlasOverlays || 0; }"
STATE = "() => [window.__benchMark || 0, window.atlasOverlays || 0]"
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
FAMILIES = ("ceasefire", "aid", "conflict", "other")
GRAY_FLIPS = (1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 3)  # pill to flip: 15 distinct views


def build_store(n: int, folder: Path, *, distinct: bool) -> Path:
    """A data folder with `n` synthetic events (reused when it is already there)."""
    data = folder / f"events-{n}{'-distinct' if distinct else ''}"
    if not (data / "events.sqlite").exists():
        t = time.perf_counter()
        write_store(synthetic_events(n, seed=1, distinct_points=distinct), data)
        print(f"  wrote {n:,} events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return data


def _map_frames(tab):
    out = []
    for handle in tab.locator(tb.MAP_FRAME).element_handles():
        frame = handle.content_frame()
        if frame is not None:
            out.append(frame)
    return out


def wait_drawn(tab, before: int | None, t0: float) -> float:
    """Seconds from `t0` until the map shows new events: a new frame drawn, or a redraw in the
    marked frame (`before` = its draw count when marked; None for a first load)."""
    deadline = t0 + TIMEOUT_S
    while time.perf_counter() < deadline:
        for frame in reversed(_map_frames(tab)):
            try:
                mark, drawn = frame.evaluate(STATE)
            except Exception:  # a frame being replaced
                continue
            if drawn >= 1 and (before is None or not mark or drawn > before):
                frame.evaluate(PAINTED)
                return time.perf_counter() - t0
            break  # only the newest frame counts
        time.sleep(POLL_S)
    raise TimeoutError("the map did not redraw")


def mark_map(tab) -> int:
    frame = _map_frames(tab)[-1]
    return frame.evaluate(MARK)


def open_timed(context, url: str) -> tuple[object, float]:
    tab = context.new_page()
    t0 = time.perf_counter()
    tab.goto(url)
    tab.get_by_test_id("stMetric").first.wait_for(timeout=TIMEOUT_S * 1000)
    return tab, wait_drawn(tab, None, t0)


def measure(url: str, browser, repeats: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first": [], "ready": [], "filter": [], "slider": [],
                                   "move": []}
    for i in range(repeats + 1):
        guard = tb.Guard()
        context = browser.new_context(viewport=tb.VIEWPORT)
        guard.attach(context)
        tab, ready = open_timed(context, url)
        out["first" if i == 0 else "ready"].append(ready)
        if i == 0:
            tb.settle(tab)
            sidebar = tab.get_by_test_id("stSidebar")
            off: set[int] = set()
            for flip in GRAY_FLIPS[: 2 * repeats]:
                pill = sidebar.get_by_role("button", name=FAMILIES[flip], exact=True)
                before = mark_map(tab)
                t0 = time.perf_counter()
                pill.click()
                out["filter"].append(wait_drawn(tab, before, t0))
                off ^= {flip}
                tb.settle(tab)
            for flip in sorted(off):  # every family on again for the slider
                sidebar.get_by_role("button", name=FAMILIES[flip], exact=True).click()
                tb.settle(tab)
            thumb = tab.get_by_test_id("stSlider").filter(has_text="Date window")
            thumb = thumb.get_by_role("slider").first
            for _ in range(repeats):
                thumb.focus()
                before = mark_map(tab)
                t0 = time.perf_counter()
                tab.keyboard.press("ArrowRight")
                out["slider"].append(wait_drawn(tab, before, t0))
                tb.settle(tab)
            out["move"] = measure_moves(tab, repeats)
        context.close()
        if guard.external:
            raise SystemExit(f"the page asked other hosts for {guard.external}")
    return out


def measure_moves(tab, repeats: int) -> list[float]:
    """Seconds from a zoom button's click until the page names the new view (see the module)."""
    note = tab.get_by_test_id("stCaptionContainer").filter(has_text="Map snapshots")
    if not note.count():
        return []  # a page that does not follow the map's view
    tab.locator(tb.MAP_FRAME).last.scroll_into_view_if_needed()
    times = []
    for i in range(repeats):
        before = note.inner_text()
        button = ".leaflet-control-zoom-in" if i % 2 == 0 else ".leaflet-control-zoom-out"
        t0 = time.perf_counter()
        tb.map_frame(tab).locator(button).click()
        while time.perf_counter() < t0 + TIMEOUT_S:
            try:
                if note.count() == 1 and note.inner_text() != before:
                    break
            except Exception:  # the note being replaced
                pass
            time.sleep(POLL_S)
        else:
            raise TimeoutError("the page did not take in the map's new view")
        times.append(time.perf_counter() - t0)
        tb.settle(tab)
    return times


FLOOR_APP = 'import streamlit as st\nst.metric("Events shown", 0)\n'


def floor(browser, repeats: int) -> float:
    """Median seconds until a one-metric Streamlit app shows its metric in a new session."""
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "floor.py"
        app.write_text(FLOOR_APP)
        port = tb.free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]
        proc = subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/"
        try:
            while not tb._healthy(url):
                time.sleep(0.2)
            times = []
            for _ in range(repeats + 1):
                context = browser.new_context(viewport=tb.VIEWPORT)
                tab = context.new_page()
                t0 = time.perf_counter()
                tab.goto(url)
                tab.get_by_test_id("stMetric").first.wait_for(timeout=TIMEOUT_S * 1000)
                times.append(time.perf_counter() - t0)
                context.close()
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    return statistics.median(times[1:])


def map_bytes(data: Path) -> int:
    """Bytes of what the page sends the map component for the default view of `data`."""
    try:
        from pipeline import page_map
    except ImportError:
        return 0
    return page_map.sent_bytes_for_store(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--distinct", action="store_true", help="every point event at its own point")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ca-page-speed",
                    help="where the synthetic stores are kept between runs")
    args = ap.parse_args(argv)
    tb.require_browser = lambda: None
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(tb.CHROMIUM), args=tb.CHROMIUM_FLAGS)
        version = browser.version
        for n in args.sizes:
            data = build_store(n, args.work, distinct=args.distinct)
            load = os.getloadavg()[0]
            with tb.serve(data) as url:
                times = measure(url, browser, args.repeats)
            rows.append((n, times, map_bytes(data), load, os.getloadavg()[0]))
            print(f"  {n:,}: {times}", file=sys.stderr)
        base = floor(browser, args.repeats)
        browser.close()

    from geoparse_eval import machine

    kind = "distinct points" if args.distinct else "events at gazetteer places"
    print(f"Page speed, synthetic stores ({kind}); medians of {args.repeats}, seconds.")
    print(f"machine: {machine()}, Chromium {version}")
    print("| events | first ready | ready | filter change | slider change | map move | map sent "
          "| load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, t, size, load0, load1 in rows:
        move = f"{statistics.median(t['move']):.2f}" if t["move"] else "–"
        print(f"| {n:,} | {t['first'][0]:.2f} | {statistics.median(t['ready']):.2f} | "
              f"{statistics.median(t['filter']):.2f} | {statistics.median(t['slider']):.2f} | "
              f"{move} | {size / 1e6:.2f} MB | {load0:.1f}→{load1:.1f} |")
    print(f"| floor (one metric) | | {base:.2f} | | | | | {os.getloadavg()[0]:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
