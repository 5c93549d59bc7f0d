"""Summarise `rasa test nlu` reports: intent and entity F1 on the blind NLU test set."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(folder: str) -> int:
    out = Path(folder)
    intents = json.loads((out / "intent_report.json").read_text())
    print(f"intent weighted F1: {intents['weighted avg']['f1-score']:.3f} "
          f"(macro {intents['macro avg']['f1-score']:.3f}; target ≥ 0.9)")
    for name, row in sorted(intents.items()):
        if isinstance(row, dict) and "support" in row and name not in ("weighted avg", "macro avg", "micro avg"):
            print(f"  {name:<20} F1 {row['f1-score']:.2f}  n={row['support']}")
    for report in sorted(out.glob("*Extractor_report.json")) + sorted(out.glob("DIETClassifier_report.json")):
        data = json.loads(report.read_text())
        avg = data.get("weighted avg") or data.get("micro avg") or {}
        print(f"entity F1 ({report.stem}): {avg.get('f1-score', 0):.3f}")
        for name, row in sorted(data.items()):
            if isinstance(row, dict) and "support" in row and "avg" not in name:
                print(f"  {name:<20} F1 {row['f1-score']:.2f}  n={row['support']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
