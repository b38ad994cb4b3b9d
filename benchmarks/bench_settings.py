"""The production settings with the benchmark's URLconf (benchmarks/bench_urls.py), for benchmarks/load.py.

Selected with DJANGO_SETTINGS_MODULE=benchmarks.bench_settings on the benchmark's servers only: the
site's own URLconf stays free of benchmark pages.
"""

from pleegzorg.settings import *  # noqa: F403 (every setting, as deployed)

ROOT_URLCONF = "benchmarks.bench_urls"
