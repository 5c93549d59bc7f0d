"""Health: is the gateway up, and can it reach Rasa and Redis?"""
from __future__ import annotations

import httpx
from fastapi import APIRouter, Request
from redis.exceptions import RedisError

router = APIRouter()


@router.get("/health")
async def health(request: Request) -> dict[str, str]:
    settings = request.app.state.settings
    try:
        async with httpx.AsyncClient(timeout=2.0) as client:
            response = await client.get(f"{settings.rasa_url}/")
        rasa = "ok" if response.status_code == 200 else "fel"
    except httpx.HTTPError:
        rasa = "nere"
    try:
        redis = "ok" if await request.app.state.redis.ping() else "fel"
    except (RedisError, OSError):
        redis = "nere"
    return {"status": "ok", "rasa": rasa, "redis": redis}
