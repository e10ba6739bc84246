"""How long the portal is out when its database stops, and how soon it serves again.

A signed-in caregiver reads and writes while the database (a private PostgreSQL cluster) is
stopped for a few seconds and started again; gunicorn keeps running throughout.

.venv/bin/python bench/outage.py [--seconds 3]
"""

import argparse
import sys

from served import served_portal

from tests.ops.drills import outage_drill


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long the database stays down")
    arguments = parser.parse_args(argv)
    if not 0 < arguments.seconds <= 120:
        parser.error("choose at most 120 seconds")

    with served_portal() as (cluster, server):
        report = outage_drill(cluster, server, outage_seconds=arguments.seconds)
    print("Database outage under gunicorn (PostgreSQL 15, fast shutdown)")
    for line in report.lines():
        print(f"  {line}")
    failures = [o for o in report.observations if o.status not in (200, 302, 503)]
    return 1 if failures or report.first_success_after is None else 0


if __name__ == "__main__":
    sys.exit(main())
