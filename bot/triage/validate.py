"""Check every protocol file and print all errors: python -m bot.triage.validate"""
from __future__ import annotations

import sys

from bot.datafiles import check_all
from bot.triage.loader import PROTOCOL_DIR, ProtocolError, load_file

if __name__ == "__main__":
    sys.exit(check_all(sorted(PROTOCOL_DIR.glob("*.yml")), load_file, ProtocolError,
                       lambda p: f"{len(p.questions)} frågor, {len(p.rules)} regler", "protokoll"))
