"""Nurse console login: local accounts (argon2), a server-side session cookie, CSRF tokens, idle timeout.

The `Authenticator` behind it (bot.handover.accounts) can be replaced by a region's SSO/SITHS login.
Login form: double-submit CSRF (cookie + hidden field). API writes: `X-CSRF-Token` = the session's token.
"""
from __future__ import annotations

import html
import secrets
import time
from dataclasses import dataclass
from typing import Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.requests import HTTPConnection

router = APIRouter()
COOKIE, LOGIN_CSRF = "vl_nurse", "vl_login_csrf"
MAX_FAILED = 5  # per username and 5 minutes


@dataclass(frozen=True)
class NurseSession:
    token: str
    username: str
    name: str
    admin: bool
    csrf: str


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<link rel="stylesheet" href="/widget/nurse.css"></head><body class="nc-page"><main class="nc-login">
<h1>{title}</h1>{body}</main></body></html>""", status_code=status)


def _login_form(csrf: str, problem: str = "") -> str:
    notice = f'<p class="nc-notice" role="alert">{html.escape(problem)}</p>' if problem else ""
    return f"""{notice}<form method="post" action="/nurse/login" class="nc-login-form">
<input type="hidden" name="csrf" value="{html.escape(csrf)}">
<p><label for="username">Användarnamn</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Lösenord</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit" class="nc-login-button">Logga in</button></p></form>"""


async def current(request: HTTPConnection) -> Optional[NurseSession]:
    """The logged-in nurse for this request (idle timer restarted), or None."""
    token = request.cookies.get(COOKIE, "")
    if not (20 <= len(token) <= 64):
        return None
    redis, settings = request.app.state.redis, request.app.state.settings
    raw = await redis.hgetall(f"vl:nsess:{token}")
    data = {k.decode(): v.decode() for k, v in raw.items()}
    if not data or time.time() - float(data.get("created", 0)) > settings.nurse_session_max_s:
        return None
    await redis.expire(f"vl:nsess:{token}", settings.nurse_session_idle_s)
    return NurseSession(token, data["username"], data["name"], data.get("admin") == "1", data["csrf"])


async def require(request: Request, admin: bool = False, csrf: bool = False) -> NurseSession:
    nurse = await current(request)
    if nurse is None:
        raise HTTPException(status_code=401, detail="Logga in först.")
    if admin and not nurse.admin:
        raise HTTPException(status_code=403, detail="Bara för administratörer.")
    if csrf and not secrets.compare_digest(request.headers.get("x-csrf-token", ""), nurse.csrf):
        raise HTTPException(status_code=403, detail="Ogiltig CSRF-token.")
    return nurse


@router.get("/nurse/login", response_class=HTMLResponse)
async def login_page(request: Request) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = _page("Logga in – sjuksköterskekonsol", _login_form(token))
    _set_cookie(request, response, LOGIN_CSRF, token, 600)
    return response


@router.post("/nurse/login")
async def login(request: Request) -> Response:
    form = await request.form()
    username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))[:256]
    cookie, field = request.cookies.get(LOGIN_CSRF, ""), str(form.get("csrf", ""))
    if not cookie or not secrets.compare_digest(cookie, field):
        return _page("Logga in – sjuksköterskekonsol", "<p>Sidan var för gammal. Ladda om och försök igen.</p>", 403)
    nurse = None if await _too_many_failures(request, username) else \
        await request.app.state.accounts.authenticate(username, password)
    if nurse is None:
        await _count_failure(request, username)
        fresh = secrets.token_urlsafe(24)
        response = _page("Logga in – sjuksköterskekonsol", _login_form(fresh, "Fel användarnamn eller lösenord."), 401)
        _set_cookie(request, response, LOGIN_CSRF, fresh, 600)
        return response
    token, settings = secrets.token_urlsafe(32), request.app.state.settings
    redis = request.app.state.redis
    await redis.hset(f"vl:nsess:{token}", mapping={"username": nurse.username, "name": nurse.name,
                                                   "admin": "1" if nurse.admin else "0",
                                                   "csrf": secrets.token_urlsafe(24), "created": f"{time.time():.0f}"})
    await redis.expire(f"vl:nsess:{token}", settings.nurse_session_idle_s)
    response = RedirectResponse("/nurse", status_code=303)
    _set_cookie(request, response, COOKIE, token, settings.nurse_session_max_s)
    response.delete_cookie(LOGIN_CSRF, path="/nurse")
    return response


@router.post("/nurse/logout")
async def logout(request: Request) -> Response:
    nurse = await require(request, csrf=True)
    await request.app.state.redis.delete(f"vl:nsess:{nurse.token}")
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/nurse")
async def console(request: Request) -> Response:
    if await current(request) is None:
        return RedirectResponse("/nurse/login", status_code=303)
    path = request.app.state.settings.widget_dir / "nurse.html"
    return FileResponse(path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


@router.get("/nurse/api/me")
async def me(request: Request) -> dict[str, object]:
    nurse = await require(request)
    return {"username": nurse.username, "name": nurse.name, "admin": nurse.admin, "csrf": nurse.csrf}


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    path = "/nurse" if name == LOGIN_CSRF else "/"
    response.set_cookie(name, value, max_age=max_age, path=path, httponly=True, samesite="strict",
                        secure=request.app.state.settings.nurse_cookie_secure)


async def _too_many_failures(request: Request, username: str) -> bool:
    count = await request.app.state.redis.get(f"vl:loginfail:{username.lower()}")
    return int(count or 0) >= MAX_FAILED


async def _count_failure(request: Request, username: str) -> None:
    redis = request.app.state.redis
    key = f"vl:loginfail:{username.lower()}"
    await redis.incr(key)
    await redis.expire(key, 300)
