"""The demo page at / (a region's care website with the chat embedded) and the widget's files.

Every response carries a strict Content-Security-Policy: `default-src 'self'`, no inline script or style.
The widget's module files may be loaded from the regions' own sites listed in ALLOWED_ORIGINS (CORS).
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter()

CSP = "default-src 'self'"
WIDGET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml"}
UNAVAILABLE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vårdlotsen</title></head>
<body><main><h1>Vårdlotsen</h1>
<p><strong>Vid livshotande tillstånd – ring 112.</strong> Behöver du sjukvårdsrådgivning, ring 1177.</p>
<p>Chatten går inte att visa just nu.</p></main></body></html>"""


def _widget_file(request: Request, name: str) -> Path:
    """A file directly in widget/ with a known type; anything else (.., folders, other types) is 404."""
    root: Path = request.app.state.settings.widget_dir.resolve()
    path = (root / name).resolve()
    if path.parent != root or path.suffix not in WIDGET_TYPES or not path.is_file():
        raise HTTPException(status_code=404)
    return path


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    try:
        return HTMLResponse(_widget_file(request, "demo.html").read_text(encoding="utf-8"))
    except HTTPException:
        return HTMLResponse(UNAVAILABLE)


@router.get("/widget/{name}")
async def widget_file(request: Request, name: str) -> FileResponse:
    path = _widget_file(request, name)
    response = FileResponse(path, media_type=WIDGET_TYPES[path.suffix])
    response.headers["Cache-Control"] = "no-cache"
    origin = request.headers.get("origin", "").rstrip("/")
    if origin and origin in request.app.state.settings.origin_allowlist:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response
