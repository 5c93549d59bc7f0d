"""Check every protocol file and print all errors: python -m bot.triage.validate"""
from __future__ import annotations

import sys

from bot.triage.loader import PROTOCOL_DIR, ProtocolError, load_file


def main() -> int:
    bad = 0
    files = sorted(PROTOCOL_DIR.glob("*.yml"))
    for path in files:
        try:
            protocol = load_file(path)
        except ProtocolError as exc:
            bad += 1
            print(f"FEL  {exc}")
            continue
        print(f"ok   {path.name}: {len(protocol.questions)} frågor, {len(protocol.rules)} regler")
    print(f"{len(files) - bad}/{len(files)} protokoll giltiga")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
