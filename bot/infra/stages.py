"""Run `make` stages in order and print how long each took (used by `make test`)."""
from __future__ import annotations

import subprocess
import sys
import time


def main(stages: list[str]) -> int:
    timings: list[tuple[str, float, int]] = []
    for stage in stages:
        started = time.monotonic()
        code = subprocess.call(["make", "--no-print-directory", stage])
        timings.append((stage, time.monotonic() - started, code))
        if code != 0:
            break
    print("\n== Tider per steg")
    for stage, seconds, code in timings:
        print(f"  {stage:<12} {seconds:7.1f} s  {'ok' if code == 0 else 'MISSLYCKADES'}")
    print(f"  {'totalt':<12} {sum(t[1] for t in timings):7.1f} s")
    return next((code for _, _, code in timings if code != 0), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
