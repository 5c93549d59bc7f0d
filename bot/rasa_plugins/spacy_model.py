"""Build the blank Swedish spaCy pipeline (tokenizer + lookup lemmatizer) that config.yml loads by path.

No model download: `spacy.blank("sv")` plus the lemma tables from `spacy-lookups-data`.
Usage: python -m bot.rasa_plugins.spacy_model var/spacy-sv
"""
from __future__ import annotations

import sys
from pathlib import Path


def build(target: Path) -> None:
    import spacy

    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.to_disk(target)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
