"""Requests per second of the guide's public pages as production serves them: gunicorn with
2 sync workers and production settings, measured by `wrk -t2 -c16 -d5s`, beside a minimal
Django view on the same server in the same run (bench/minimal_settings.py).

A shared 2-core machine's speed drifts from one five-second window to the next by more than
the differences measured here, so each page is measured in ROUNDS rounds, each right after
the minimal view, and its figure is the median of those rounds' ratios.

    .venv/bin/python bench/throughput.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/throughput.py

It runs on its own database, made for the run and dropped after it: `<name>_bench` next to
the PostgreSQL database DATABASE_URL names, or a temporary SQLite file. With REDIS_URL the
shared cache is Redis, else the database's cache table, as in production.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production_portal import PortalServer, Visitor, manage, prepare, production_env  # noqa: E402

WRK_ARGS = ["-t2", "-c16", "-d5s"]
ROUNDS = 3
WORKERS = 2
REFERENCE = "minimal view"
PAGES = {
    REFERENCE: "/bench/minimal/",
    "home": "/",
    "section": "/guide/als-medicines/",
    "item": "/guide/als-medicines/riluzole/",
    "search": "/search/?q=breathing+machine",
    "sitemap": "/sitemap.xml",
}


def find_wrk():
    """Debian's wrk: installed here if this runs as root with apt-get, else None (and how)."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (Debian package) ...")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        if shutil.which("wrk"):
            return shutil.which("wrk")
    print("wrk is not installed: run `sudo apt-get install wrk` (Debian/Ubuntu), then `make bench` again.")
    return None


@contextmanager
def bench_database():
    """A DATABASE_URL for a database made for this run, and dropped after it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg2

        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'alscare'}_bench"
        admin = psycopg2.connect(parsed._replace(path="/postgres").geturl())
        admin.autocommit = True

        def run(sql):
            with admin.cursor() as cursor:
                cursor.execute(sql)

        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        run(f'CREATE DATABASE "{name}"')
        try:
            yield parsed._replace(path=f"/{name}").geturl()
        finally:
            run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    else:
        with tempfile.TemporaryDirectory(prefix="alscare-bench-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"


def requests_per_second(wrk, url):
    output = subprocess.run([wrk, *WRK_ARGS, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def main():
    wrk = find_wrk()
    if wrk is None:
        return {}
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print(
            "No REDIS_URL: the guide's pages come from the database's cache table, with no copy in "
            "each process's memory (that needs Redis's channel), as on one server without Redis. "
            "Production's figures need REDIS_URL (see the README)."
        )
    figures = {"cache": "redis" if redis_url else "database", "wrk": " ".join(WRK_ARGS), "pages": {}}
    with bench_database() as database_url:
        env = production_env(database_url, redis_url, DJANGO_SETTINGS_MODULE="bench.minimal_settings")
        figures["database"] = urlparse(database_url).scheme
        prepare(env)
        manage(env, "load_content")
        server = PortalServer(env, workers=WORKERS, health_path="/robots.txt").start()
        try:
            print(
                f"guide pages under gunicorn ({WORKERS} sync workers, production settings, "
                f"{figures['database']}, {figures['cache']} cache), wrk {figures['wrk']}, "
                f"median of {ROUNDS} rounds, each right after the minimal view:"
            )
            references = []
            for name, path in PAGES.items():
                if name == REFERENCE:
                    continue
                visitor = Visitor(server.base_url)
                first = visitor.get(path)
                assert first.status == 200, (path, first.status)
                etag = first.header("ETag")
                repeat = visitor.get(path, headers={"If-None-Match": etag}).status if etag else None
                rounds = []
                for _ in range(ROUNDS):
                    reference, _ = requests_per_second(wrk, server.base_url + PAGES[REFERENCE])
                    rate, errors = requests_per_second(wrk, server.base_url + path)
                    rounds.append({"reference": reference, "rate": rate, "errors": errors})
                    references.append(reference)
                ratio = statistics.median(each["rate"] / each["reference"] for each in rounds)
                figures["pages"][name] = page = {
                    "path": path,
                    "requests_per_second": round(statistics.median(each["rate"] for each in rounds), 1),
                    "minimal_view_requests_per_second": round(
                        statistics.median(each["reference"] for each in rounds), 1
                    ),
                    "ratio_to_minimal_view": round(ratio, 3),
                    "ratio_each_round": [round(each["rate"] / each["reference"], 3) for each in rounds],
                    "non_2xx": sum(each["errors"] for each in rounds),
                    "bytes": len(first.body),
                    "cache_control": first.header("Cache-Control"),
                    "conditional_get_status": repeat,
                }
                print(
                    f"  {name:8} {page['requests_per_second']:7.0f} req/s, minimal view "
                    f"{page['minimal_view_requests_per_second']:7.0f} req/s: {ratio:5.2f}x "
                    f"(rounds: {', '.join(f'{r:.2f}' for r in page['ratio_each_round'])})  "
                    f"{len(first.body) / 1024:5.1f} KB  conditional GET: {repeat or 'no ETag'}  {path}"
                )
            figures["pages"][REFERENCE] = {
                "path": PAGES[REFERENCE],
                "requests_per_second": round(statistics.median(references), 1),
                "ratio_to_minimal_view": 1.0,
            }
        finally:
            log = server.stop()
            if "Traceback" in log:
                print(log[-3000:])
    return figures


if __name__ == "__main__":
    main()
