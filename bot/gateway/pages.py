"""The start page. The embeddable chat widget arrives with issue 5; until then the page says where to get help."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()

_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vårdlotsen</title></head>
<body><main><h1>Vårdlotsen</h1>
<p><strong>Vid livshotande tillstånd – ring 112.</strong> Annars kan du ringa 1177.</p>
<p>Chatten byggs just nu. Utvecklare kan prata med boten via Rasas REST-kanal på 127.0.0.1:5005.</p>
</main></body></html>"""


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    return HTMLResponse(_PAGE, headers={"Content-Security-Policy": "default-src 'self'"})
