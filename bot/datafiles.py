"""Shared helpers for the reviewed data files (protocols, regions): read YAML, check them from the CLI."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

import yaml

T = TypeVar("T")


def read_yaml_object(path: Path, error: type[ValueError]) -> dict[str, Any]:
    """The YAML object in a file; `error` names the file when it is not valid YAML or not an object."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise error(f"{path.name}: ogiltig YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise error(f"{path.name}: (roten): ska vara ett objekt")
    return data


def check_all(files: list[Path], load: Callable[[Path], T], error: type[ValueError],
              describe: Callable[[T], str], noun: str) -> int:
    """Load every file, print one line per file and a total; exit code 1 if any file is bad."""
    bad = 0
    for path in files:
        try:
            item = load(path)
        except error as exc:
            bad += 1
            print(f"FEL  {exc}")
            continue
        print(f"ok   {path.name}: {describe(item)}")
    print(f"{len(files) - bad}/{len(files)} {noun} giltiga")
    return 1 if bad else 0
