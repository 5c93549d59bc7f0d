"""Health: is the gateway up, and can it reach Rasa?"""
from __future__ import annotations

import httpx
from fastapi import APIRouter, Request

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
    return {"status": "ok", "rasa": rasa}
