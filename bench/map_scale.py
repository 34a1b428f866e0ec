"""Map scale: build time, HTML size and browser redraw of the dashboard's map vs the naive map.

    python bench/map_scale.py [--sizes 1000 10000 100000] [--repeats 3] [--timeout 300]

For synthetic events frames of each size (pipeline.maps.synthetic: events at the region's places,
~8% governorate-level, ~1% country-wide; `--distinct` puts every event at its own point):

- ours: `pipeline.maps.build_map` (events aggregated per place and type, sent as compact columns,
  clustered in the browser by supercluster);
- naive: one `folium.Marker` with a `folium.Popup` per event (what the folium docs show), with the
  same local Leaflet so both run offline.

A filter change on the page builds a new map for the filtered events and the component loads it;
we time that as the Python build of the filtered map (type filter: the aid family, ~1/3 of the
events) plus the time headless Chromium takes from starting to load that HTML to the map being
drawn (markers on screen, two animation frames after). Medians of `--repeats` runs. Not a test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402

from pipeline.maps import build_map, safe_text  # noqa: E402
from pipeline.maps.assets import STATIC, asset_links, localise  # noqa: E402
from pipeline.maps.snapshot import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from pipeline.maps.style import EVENT_TYPES  # noqa: E402
from pipeline.maps.synthetic import synthetic_events  # noqa: E402

AID = {t for t, s in EVENT_TYPES.items() if s.family == "aid"}
ASSET_URL = STATIC.as_uri() + "/"
DRAWN_OURS = "window.atlasDrawn >= 1"
DRAWN_NAIVE = "document.querySelectorAll('.leaflet-marker-icon').length > 0"
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def inline_extra() -> int:
    """Bytes that inlining the assets (as the page and snapshots do) adds to either map."""
    inline_js, inline_css = asset_links(inline=True)
    local_js, local_css = asset_links(inline=False, base_url=ASSET_URL)
    return sum(len(a) - len(b) for (_, a), (_, b) in
               zip(inline_js + inline_css, local_js + local_css, strict=True))


def naive_map(events) -> folium.Map:
    """One folium Marker with a Popup per event, on the same local Leaflet (no tiles)."""
    fmap = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None)
    for row in events.itertuples(index=False):
        if row.lat != row.lat or row.lon != row.lon:  # NaN
            continue
        text = f"{row.event_type} · {row.place_name} · {row.date} [event {row.event_id}]"
        folium.Marker([row.lat, row.lon], popup=folium.Popup(safe_text(text)),
                      tooltip=safe_text(row.event_type)).add_to(fmap)
    return localise(fmap, inline=False, base_url=ASSET_URL)


def build(approach: str, events) -> str:
    if approach == "ours":
        return build_map(events, asset_base_url=ASSET_URL).get_root().render()
    return naive_map(events).get_root().render()


def timed(fn, *args, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def browser_draw(browser, path: Path, drawn: str, repeats: int, timeout_s: float) -> float | None:
    """Median seconds from starting to load the map HTML to the map drawn; None on timeout."""
    times = []
    for _ in range(repeats):
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
        try:
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_function(drawn, timeout=timeout_s * 1000)
            page.evaluate(TWO_FRAMES)
            times.append(time.perf_counter() - start)
        except Exception as err:  # a timeout is a result here, not a crash
            print(f"  browser: {path.name}: {type(err).__name__}", file=sys.stderr)
            return None
        finally:
            page.close()
    return statistics.median(times)


def machine(browser_version: str) -> str:
    from geoparse_eval import machine as cpu_line  # bench/: one description of the machine

    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu_line()}{mem}; folium {folium.__version__}, "
            f"Chromium {browser_version} (headless)")


def fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "timeout"
    return f"{value:.2f} {unit}" if value < 10 else f"{value:.1f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0, help="browser timeout, seconds")
    parser.add_argument("--distinct", action="store_true",
                        help="every event at its own point (worst case for aggregation)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    rows, extra = [], inline_extra()
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        for n in args.sizes:
            events = synthetic_events(n, seed=n, distinct_points=args.distinct)
            filtered = events[events["event_type"].isin(AID)]
            for approach in ("ours", "naive"):
                print(f"{n:>7,} {approach}: building...", file=sys.stderr)
                build_s, html = timed(build, approach, events, repeats=args.repeats)
                filt_s, filt_html = timed(build, approach, filtered, repeats=args.repeats)
                path = Path(tmp, f"{approach}_{n}.html")
                path.write_text(filt_html, encoding="utf-8")
                draw_s = browser_draw(browser, path,
                                      DRAWN_OURS if approach == "ours" else DRAWN_NAIVE,
                                      args.repeats, args.timeout)
                rows.append({
                    "n": n, "approach": approach, "build": build_s,
                    "mb": len(html.encode()) / 1e6,
                    "mb_inline": (len(html.encode()) + extra) / 1e6,
                    "filt_build": filt_s, "draw": draw_s,
                    "change": None if draw_s is None else filt_s + draw_s,
                })
        version = browser.version
        browser.close()

    print(f"\nMap scale ({'distinct points' if args.distinct else 'events at places'}); "
          f"machine: {machine(version)}")
    print(f"command: python bench/map_scale.py {' '.join(argv or sys.argv[1:])}".rstrip())
    print(f"medians of {args.repeats} runs; filter change = build the filtered map (aid family) "
          "+ browser load-to-drawn\n")
    head = ("| events | approach | build map | map HTML | HTML, assets inlined | "
            "filter change: build | filter change: draw | filter change total | naive/ours |")
    print(head)
    print("|" + "---|" * 9)
    by_key = {(r["n"], r["approach"]): r for r in rows}
    for r in rows:
        ours = by_key.get((r["n"], "ours"))
        ratio = ""
        if r["approach"] == "naive" and ours and ours["change"] and r["change"]:
            ratio = f"{r['change'] / ours['change']:.0f}×"
        elif r["approach"] == "naive" and r["change"] is None:
            ratio = "> " + f"{(args.timeout + r['filt_build']) / ours['change']:.0f}×"
        print(f"| {r['n']:,} | {r['approach']} | {fmt(r['build'])} | {r['mb']:.2f} MB | "
              f"{r['mb_inline']:.2f} MB | "
              f"{fmt(r['filt_build'])} | {fmt(r['draw'])} | {fmt(r['change'])} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
