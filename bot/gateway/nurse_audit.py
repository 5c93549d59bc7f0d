"""The audit log for administrators: every nurse read or write of a conversation, newest first."""
from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bot.gateway.nurse_auth import _page, require
from bot.handover import audit

router = APIRouter()
ACTIONS = {"claim": "tog samtalet", "open": "öppnade", "message": "skrev", "release": "lämnade tillbaka",
           "close": "avslutade", "priority:akut": "ändrade prioritet till akut",
           "priority:samma_dag": "ändrade prioritet till samma dag", "priority:vardcentral": "ändrade prioritet till vårdcentral",
           "priority:egenvard": "ändrade prioritet till egenvård"}


@router.get("/nurse/api/audit")
async def audit_json(request: Request) -> dict[str, object]:
    await require(request, admin=True)
    return {"entries": await audit.listing(request.app.state.redis)}


@router.get("/nurse/audit", response_class=HTMLResponse)
async def audit_page(request: Request) -> HTMLResponse:
    await require(request, admin=True)
    rows = []
    for row in await audit.listing(request.app.state.redis):
        when = datetime.fromtimestamp(float(row["ts"]), ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d %H:%M:%S")
        cells = (when, row["nurse"], ACTIONS.get(row["action"], row["action"]), row["conversation"])
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    table = ("<table class=\"nc-audit\"><thead><tr><th scope=\"col\">Tid</th><th scope=\"col\">Sjuksköterska</th>"
             "<th scope=\"col\">Åtgärd</th><th scope=\"col\">Samtal</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>")
    return _page("Granskningslogg", f'<p><a href="/nurse">Till konsolen</a></p>{table}')
