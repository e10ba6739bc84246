"""The production settings with one extra page, /bench/minimal/, the reference the guide's
pages are measured against in `make bench`. Never used to serve the portal."""

from alscare.settings import *  # noqa: F403

ROOT_URLCONF = "bench.minimal_urls"
