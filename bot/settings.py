"""Typed settings, one object per process, read from environment variables.

Every process builds exactly one of these at start-up (never at import time of a library module).
Secrets are read from files that `make run` generates under `var/`; there are no default secrets.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

from pydantic import BaseSettings, validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


class RedisSettings(BaseSettings):
    """Where Redis is. `REDIS_URL` wins; otherwise the embedded server on localhost."""

    redis_url: str | None = None
    redis_port: int = 6390
    redis_dir: Path = VAR_DIR / "redis"

    @property
    def url(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def embedded(self) -> bool:
        return not self.redis_url

    def parts(self) -> dict[str, str]:
        """Host, port, db and password as strings, for Rasa's endpoints.yml."""
        parsed = urlparse(self.url)
        db = (parsed.path or "/0").lstrip("/") or "0"
        return {
            "REDIS_HOST": parsed.hostname or "127.0.0.1",
            "REDIS_PORT": str(parsed.port or 6379),
            "REDIS_DB": db,
            "REDIS_PASSWORD": parsed.password or "",
        }


def read_secret(path: Path) -> str:
    """Read a generated secret; refuse to run without one (no default secrets anywhere)."""
    try:
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise SystemExit(f"Saknar hemlighet {path}: kör 'make run' som skapar den.") from exc
    if len(value) < 24:
        raise SystemExit(f"Hemligheten i {path} är för kort.")
    return value


class RasaSettings(RedisSettings):
    """The Rasa server process."""

    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    rasa_model_dir: Path = PROJECT_ROOT / "models"
    rasa_token_file: Path = VAR_DIR / "rasa-token"
    actions_url: str = "http://127.0.0.1:5055/webhook"
    tracker_retention_s: int = 60 * 60 * 24 * 30
    rasa_log_level: str = "INFO"

    @validator("rasa_host")
    def _loopback_only(cls, value: str) -> str:  # noqa: N805
        if value not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError("Rasa listens on loopback only")
        return value


class ActionSettings(RedisSettings):
    """The action server process (Redis: booking slots, records and the identity vault)."""

    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    action_budget_s: float = 3.0
    # A `vardcentral` triage is offered times within this many weekdays; later only after a warning.
    booking_vardcentral_weekdays: int = 3
    # For tests and demos only: the clock starts at this moment (ISO 8601 with offset) and runs on.
    clock_start: Optional[datetime] = None

    @validator("actions_host")
    def _loopback_only(cls, value: str) -> str:  # noqa: N805
        if value not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError("the action server listens on loopback only")
        return value


class GatewaySettings(RedisSettings):
    """The user-facing FastAPI gateway."""

    gateway_host: str = "0.0.0.0"
    gateway_port: int = 8000
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token_file: Path = VAR_DIR / "rasa-token"
    bot_timeout_s: float = 5.0
    bot_late_reply_s: float = 60.0
    session_idle_s: int = 30 * 60
    # Extra origins allowed to open the chat websocket (comma separated), besides the gateway's own.
    allowed_origins: str = ""
    max_frame_bytes: int = 16 * 1024
    # A worried citizen clicking quick replies fast stays far below this; a script does not.
    rate_burst: int = 20
    rate_per_s: float = 1.0
    widget_dir: Path = PROJECT_ROOT / "widget"
    # Nurse console and queue
    nurse_session_idle_s: int = 30 * 60
    nurse_session_max_s: int = 12 * 3600
    nurse_cookie_secure: bool = True
    nurse_hours: str = "00:00-24:00"  # staffed hours, Swedish time; outside them the citizen is told so
    nurse_avg_handle_s: int = 300  # for the estimated wait
    # The phone line's API (/api/voice) is open only to holders of this secret; no file → API off.
    voice_token_file: Path = VAR_DIR / "voice-token"

    def voice_token(self) -> str | None:
        return read_secret(self.voice_token_file) if self.voice_token_file.exists() else None

    @property
    def origin_allowlist(self) -> frozenset[str]:
        return frozenset(o.strip().rstrip("/") for o in self.allowed_origins.split(",") if o.strip())


class VoiceSettings(BaseSettings):
    """The phone line (voice/): a door for telephony, and a client of the gateway's session API."""

    voice_host: str = "0.0.0.0"
    voice_port: int = 8010  # Twilio Media Streams websocket: ws://host:port/twilio
    audiosocket_port: int = 9092  # Asterisk AudioSocket (TCP)
    gateway_url: str = "http://127.0.0.1:8000"
    voice_token_file: Path = VAR_DIR / "voice-token"
    recogniser: str = "whisper"  # whisper (here) | vosk (production with vosk-model-small-sv-rhasspy-0.15)
    recogniser_model_dir: Optional[Path] = None  # default: var/models/whisper-base (built by `make models`)
    end_silence_ms: int = 500  # the caller's turn ends after this much silence (500–700 ms)
    head_start_ms: int = 200  # recognition starts after this much silence, on the same audio (0: off)
    recogniser_workers: int = 2  # Whisper replicas, one CPU thread each; phrase scoring is split across them
    silence_prompt_s: float = 10.0  # "Är du kvar?" after this long without speech
    tts: str = "espeak"  # espeak (here, tests) | piper (production; falls back to espeak-ng if it cannot load)
    piper_voice: Optional[Path] = None  # default: var/models/piper/sv_SE-nst-medium.onnx (`make models`), + .onnx.json
    max_call_s: int = 20 * 60
    # Debug events with the texts (vl_text) for the test caller; never enable towards real telephony.
    debug_events: bool = False

    def voice_token(self) -> str:
        return read_secret(self.voice_token_file)
