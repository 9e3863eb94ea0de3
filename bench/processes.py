"""Timing whole processes for the benchmarks: wall seconds and peak memory of one child.

Shared by bench_import.py and bench_export.py (run as scripts, so this folder is on
sys.path). The child runs under a small wrapper process so that its peak RSS is read
from that wrapper's RUSAGE_CHILDREN, not mixed with the benchmark's own.
"""

from __future__ import annotations

import subprocess
import sys

WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "dt = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(dt, rss, r.returncode)\n"
)


def run(cmd: list[str], env: dict | None = None, ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; stop if it exits otherwise."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    if int(out[2]) not in ok_codes:
        raise SystemExit(f"command failed ({out[2]}): {' '.join(cmd)}")
    return float(out[0]), float(out[1])
