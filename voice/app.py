"""The phone line service: the Twilio websocket (FastAPI) and the AudioSocket TCP server, one process.

The recogniser and the voice are loaded once at start-up and shared by all calls; fixed prompts are
rendered once. Health: GET /health (recogniser, voice and gateway reachability).
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.settings import VoiceSettings
from voice import audiosocket, prompts, tts, twilio
from voice.bot_link import BotLink
from voice.handler import CallDeps
from voice.recognise import build

log = logging.getLogger("vardlotsen.voice")


def make_deps(settings: VoiceSettings) -> CallDeps:
    from voice.models import whisper_base_dir

    model_dir = settings.recogniser_model_dir or (whisper_base_dir() if settings.recogniser == "whisper" else None)
    options = {"workers": settings.recogniser_workers} if settings.recogniser == "whisper" else {}
    recogniser = build(settings.recogniser, model_dir=model_dir, **options)
    getattr(recogniser, "load", lambda: None)()  # loaded once, before the first call
    synth = tts.build(settings.tts, settings.piper_voice)  # espeak-ng (logged) when Piper cannot load
    log.info("event=voice_tts wanted=%s using=%s", settings.tts, synth.name)
    speech = tts.CachedSpeech(synth)
    speech.prerender(prompts.ALL)
    link = BotLink(settings.gateway_url, settings.voice_token())
    return CallDeps(recogniser, speech, link, settings.end_silence_ms, settings.silence_prompt_s, settings.head_start_ms)


def create_app(settings: VoiceSettings | None = None) -> FastAPI:
    settings = settings or VoiceSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.deps = make_deps(settings)
        server = await audiosocket.start_server(settings.voice_host, settings.audiosocket_port, app.state.deps)
        log.info("event=voice_ready recogniser=%s twilio_port=%d audiosocket_port=%d", settings.recogniser,
                 settings.voice_port, settings.audiosocket_port)
        yield
        server.close()
        await app.state.deps.link.close()

    app = FastAPI(title="Vårdlotsen phone line", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.include_router(twilio.router)

    @app.get("/health")
    async def health() -> JSONResponse:
        try:
            async with httpx.AsyncClient(timeout=2.0) as client:
                gateway_ok = (await client.get(f"{settings.gateway_url}/health")).status_code == 200
        except httpx.HTTPError:
            gateway_ok = False
        body = {"status": "ok" if gateway_ok else "degraded", "gateway": gateway_ok,
                "recogniser": app.state.deps.recogniser.name}
        return JSONResponse(body, status_code=200 if gateway_ok else 503)

    return app
