"""Caregivers adding and correcting diary entries at the same time, through HTTP.

Every caregiver logs in and, until time is up, either adds an entry or opens an entry of
their diary and corrects it with the version it showed. Gunicorn serves the portal with
production settings from a private PostgreSQL cluster, on loopback only. Prints requests,
errors, rows and versions; exits 1 on any 5xx or lost write.

.venv/bin/python bench/loadtest.py                       # 20 caregivers, 60 seconds (make loadtest)
.venv/bin/python bench/loadtest.py --clients 4 --seconds 5
"""

import argparse
import sys

from served import served_portal

from tests.ops.drills import caregivers_under_load


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="caregivers writing at once (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they write (default 60)")
    parser.add_argument("--diaries", type=int, default=4, help="diaries they share (default 4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    arguments = parser.parse_args(argv)
    if not (1 <= arguments.clients <= 100 and 0 < arguments.seconds <= 600):
        parser.error("choose 1-100 clients and at most 600 seconds")

    with served_portal(workers=arguments.workers, threads=4) as (_, server):
        report = caregivers_under_load(
            server, clients=arguments.clients, seconds=arguments.seconds, diaries=arguments.diaries
        )
    print(f"Writes under load (gunicorn, {arguments.workers} workers x 4 threads, PostgreSQL 15)")
    for line in report.lines():
        print(f"  {line}")
    for problem in report.problems:
        print(f"  problem: {problem}")
    return 1 if report.errors or report.lost_writes else 0


if __name__ == "__main__":
    sys.exit(main())
