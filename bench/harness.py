"""What bench_import.py and bench_export.py share: timing a whole child process, and
printing each ratio against its target (they run as scripts, so this folder is on sys.path).
"""

from __future__ import annotations

import operator
import subprocess
import sys
import time
from collections.abc import Callable

WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "dt = time.perf_counter() - t\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(dt, use.ru_maxrss / 1024, r.returncode, use.ru_utime + use.ru_stime)\n"
)


def run(cmd: list[str], env: dict | None = None, ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; stop if it exits otherwise."""
    return run_cpu(cmd, env, ok_codes)[:2]


def run_cpu(cmd: list[str], env: dict | None = None, ok_codes: tuple[int, ...] = (0,)
            ) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child process.

    CPU time is what a busy, shared machine disturbs least: wall time there also counts the
    time other people's processes held the cores."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    if int(out[2]) not in ok_codes:
        raise SystemExit(f"command failed ({out[2]}): {' '.join(cmd)}")
    return float(out[0]), float(out[1]), float(out[3])


COMPARE = {"<=": operator.le, "<": operator.lt, ">=": operator.ge}


def check_targets(results: list[tuple[str, float, str, float]]) -> int:
    """Print each (name, value, "<=" | "<" | ">=", target) with ok or MISSED; the number missed."""
    failed = 0
    for name, value, op, target in results:
        ok = COMPARE[op](value, target)
        failed += not ok
        print(f"  {name:<32} {value:7.2f}  (target {op} {target})  {'ok' if ok else 'MISSED'}")
    return failed


def main_timed(main: Callable[[], int]) -> None:
    """Run a benchmark's main(), say how long the whole benchmark took, exit with its status."""
    t0 = time.perf_counter()
    code = main()
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
    sys.exit(code)
