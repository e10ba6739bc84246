"""Every figure: the guide's pages under gunicorn beside a minimal view, the care guide, then
the symptom diary. Prints a table of the targets and writes every figure to bench/results.json.

.venv/bin/python bench/run.py
DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine REDIS_URL=redis://127.0.0.1:6379/8 \
    .venv/bin/python bench/run.py
"""

import json
import os
import statistics
import time
from pathlib import Path

import diary
import guide
import throughput

RESULTS = Path(__file__).resolve().parent / "results.json"
LOOP = 2_000_000


def machine_speed():
    """How fast this machine runs Python right now, so the absolute times below can be read
    against another machine's (or the same machine on a busier day)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(LOOP):
            total += number
        times.append((time.perf_counter() - started) * 1000)
    return {
        "cpus": os.cpu_count(),
        "python_loop_ms": round(statistics.median(times), 1),
        "python_loop": f"{LOOP:,} additions in a pure-Python loop, median of 5",
        "load_average": os.getloadavg()[0],
    }


def table(figures):
    """The issue's targets, each beside what this run measured."""
    rows = []
    pages = figures["throughput"].get("pages", {})
    for name, page in pages.items():
        if name != throughput.REFERENCE:
            rows.append(
                (f"{name}: req/s vs minimal view", ">= 0.90x", f"{page['ratio_to_minimal_view']:.2f}x")
            )
    if throughput.REFERENCE in pages:
        rows.append(
            (
                "minimal view (reference)",
                "",
                f"{pages[throughput.REFERENCE]['requests_per_second']:.0f} req/s",
            )
        )
    empty, ten = figures["diary"]["0 years"]["diary home"], figures["diary"]["10 years"]["diary home"]
    rows.append(
        ("diary home, 10 years: queries", "= empty diary", f"{ten['queries']} (empty: {empty['queries']})")
    )
    turns = figures["diary"]["diary home, side by side"]
    rows.append(
        (
            "diary home, 10 years: time",
            "<= 2x empty",
            f"{turns['ratio']:.2f}x ({turns['full_ms']} ms; empty {turns['empty_ms']} ms, in turns)",
        )
    )
    summary = figures["diary"]["10 years"]["summary (3 years)"]
    rows.append(("summary, 3 years: size", "< 300 KB", f"{summary['kilobytes']} KB"))
    rows.append(("summary, 3 years: time", "< 200 ms", f"{summary['median_ms']} ms"))
    load = figures["guide"]
    cold = f"{load['load_cold_s']} s ({load.get('load_cold_queries', '?')} queries)"
    rows.append((f"load_content, {guide.GENERATED_PAGES} pages", "< 10 s", cold))
    rows.append(("load_content again: writes", "0", str(figures["guide"]["load_again_writes"])))
    searches = [value for key, value in figures["guide"].items() if key.startswith("search_ms")]
    rows.append((f"search, {guide.GENERATED_PAGES} pages (slowest)", "< 20 ms", f"{max(searches)} ms"))
    machine = figures["machine"]
    rows.append(
        ("machine: Python loop (speed)", "", f"{machine['python_loop_ms']} ms, {machine['cpus']} CPUs")
    )
    width = max(len(row[0]) for row in rows)
    print(f"\n{'figure':{width}}  {'target':14}  measured")
    for name, target, measured in rows:
        print(f"{name:{width}}  {target:14}  {measured}")


if __name__ == "__main__":
    figures = {"machine": machine_speed()}
    print(f"machine: {figures['machine']['python_loop']}: {figures['machine']['python_loop_ms']} ms\n")
    figures["throughput"] = throughput.main()
    print()
    figures["guide"] = guide.main()
    print()
    figures["diary"] = diary.main()
    RESULTS.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    table(figures)
    print(f"\nevery figure: {RESULTS}")
