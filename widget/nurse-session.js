/**
 * The console's login (the gateway owns it: /nurse/login, a session cookie, a CSRF token per session).
 * A 401 anywhere sends the browser to the login page.
 */
import { parseMe } from './nurse-model.js';

export const LOGIN = '/nurse/login';

export function toLogin() { location.href = LOGIN; }

/** The login behind the page ({username, name, admin, csrf}), or null after going to the login page. */
export async function fetchMe() {
  const res = await fetch('/nurse/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401) {
    toLogin();
    return null;
  }
  if (!res.ok) throw new Error(`/nurse/api/me ${res.status}`);
  const me = parseMe(await res.json());
  if (!me) throw new Error('/nurse/api/me: no usable login');
  return me;
}

let checking = false;
/** The websocket was refused: if the login has expired, go to the login page. */
export async function checkLogin() {
  if (checking) return;
  checking = true;
  try { await fetchMe(); } catch { /* offline or the gateway is down: the socket keeps retrying */ }
  checking = false;
}

/** POST /nurse/logout with the CSRF token; true when the session is gone. */
export async function logout(csrf) {
  try {
    const res = await fetch('/nurse/logout', { method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf } });
    return res.ok || res.redirected || res.status === 401;
  } catch {
    return false;
  }
}
