/**
 * The reconnect machinery both websockets share: the citizen widget's chat (transport.js) and the nurse
 * console's /ws/nurse (nurse-socket.js). Reconnect with exponential backoff and jitter (0.5 s doubling to
 * 15 s), a retry at once when the browser says it is back `online`, keep-alive pings while the link is
 * usable, and optionally a silence timeout that declares a link dead even if the socket has not noticed.
 *
 * Subclasses decide what "usable" means and what the frames are, by overriding:
 *   onOpen(ws)     the socket opened: send a hello and wait, or call markOnline() (the default)
 *   parse(data)    one raw frame → a frame object or null (default: parseJsonObject)
 *   handle(frame)  one parsed frame, null for junk (default: ignore)
 *   onLost(info)   the link dropped and a retry is scheduled; info {code, opened}
 *
 * Events (CustomEvent, payload in `detail`): state {state: 'connecting'|'online'|'offline'}; subclasses add theirs.
 */

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 15000;
export const PING_EVERY_MS = 25000;
const OPEN = 1;

/** Delay before reconnect attempt `n` (0-based): doubling from 0.5 s to 15 s, then 50–100 % of that. */
export function backoffDelay(n, random = Math.random) {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(n, 10));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * One raw websocket frame → the JSON object it holds, or null for anything else (binary data, invalid
 * JSON, arrays, primitives). The first step of every frame parser: what comes off the network is untrusted.
 * @returns {null|Record<string, any>}
 */
export function parseJsonObject(data) {
  if (typeof data !== 'string') return null;
  let value;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

export class ReconnectingSocket extends EventTarget {
  /**
   * @param {{url: string, WebSocketImpl?: typeof WebSocket, random?: () => number, silenceMs?: number|null}} options
   *   silenceMs: how long to wait for a frame after a ping (or after expectFrame()) before the link counts as
   *   lost; null never gives up on a quiet link and leaves that to the socket's own close event.
   */
  constructor({ url, WebSocketImpl = globalThis.WebSocket, random = Math.random, silenceMs = null }) {
    super();
    Object.assign(this, { url, WebSocketImpl, random, silenceMs });
    this.ws = null;
    this.opened = false; // the current socket got past its handshake (a refused one never does)
    this.ready = false; // true between markOnline() and the socket's end: pings and silence checks run
    this.stopped = true;
    this.state = 'connecting';
    this.attempt = 0;
    this.timers = {};
    this.pinger = undefined;
    this.onBrowserOnline = () => this.retryNow();
  }

  emit(type, detail = {}) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', { state });
  }

  /** (Re)arm the named timeout, or just clear it when `ms` is null. */
  timer(name, ms, fn) {
    clearTimeout(this.timers[name]);
    this.timers[name] = ms === null ? undefined : setTimeout(fn, ms);
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    globalThis.addEventListener?.('online', this.onBrowserOnline);
    this.connect();
  }

  /** Close and stay closed until start(). */
  stop() {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onBrowserOnline);
    for (const name of ['retry', 'silence']) this.timer(name, null);
    clearInterval(this.pinger);
    this.detach(this.ws);
  }

  /** Try again now rather than after the backoff (the browser is back online). */
  retryNow() {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.connect();
  }

  connect() {
    this.timer('retry', null);
    if (this.stopped || this.ws) return;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    this.opened = false;
    ws.onopen = () => {
      this.opened = true;
      this.onOpen(ws);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      // Once online any frame proves the link alive; before that only the handshake answer does (markOnline).
      if (this.ready) this.timer('silence', null);
      this.handle(this.parse(ev.data));
    };
    ws.onclose = (ev) => this.lost(ws, ev?.code ?? 1006);
    ws.onerror = () => {}; // a close event always follows
  }

  /**
   * Hook: `ws` opened. By default the link is usable at once; a subclass with a handshake sends its hello
   * here, calls expectFrame(ws) and markOnline() once the answer is in.
   * @param {WebSocket} ws
   */
  onOpen(ws) { this.markOnline(); }

  /** Hook: one raw frame → a frame object, or null when it is junk. */
  parse(data) { return parseJsonObject(data); }

  /** Hook: one parsed frame; null (junk) included, so ignore that. @param {object|null} frame */
  handle(frame) {}

  /**
   * Hook: the link dropped; state is already offline and a retry is scheduled right after.
   * @param {{code: number, opened: boolean}} info opened is false when the handshake itself was refused
   */
  onLost(info) {}

  /** The link is usable: online, backoff reset, pings from now on. */
  markOnline() {
    this.ready = true;
    this.attempt = 0;
    this.timer('silence', null);
    this.setState('online');
    clearInterval(this.pinger);
    this.pinger = setInterval(() => this.ping(), PING_EVERY_MS);
  }

  /** Count `ws` as lost unless a frame arrives within silenceMs (no-op when silenceMs is null). */
  expectFrame(ws) {
    if (this.silenceMs !== null) this.timer('silence', this.silenceMs, () => this.lost(ws));
  }

  /** The socket is gone (closed, silent, or refused): show offline and try again later. */
  lost(ws, code = 1006) {
    if (ws !== this.ws) return;
    const { opened } = this;
    this.detach(ws);
    if (this.stopped) return;
    this.setState('offline');
    this.onLost({ code, opened });
    this.scheduleRetry();
  }

  /** Cut `ws` loose from our handlers and close it; if it was the current socket, the link is down. */
  detach(ws) {
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try { ws.close(); } catch { /* already closed */ }
    if (this.ws === ws) {
      this.ws = null;
      this.ready = false;
      clearInterval(this.pinger);
      this.timer('silence', null);
    }
  }

  scheduleRetry() {
    this.timer('retry', backoffDelay(this.attempt++, this.random), () => this.connect());
  }

  get online() { return Boolean(this.ws && this.ws.readyState === OPEN); }

  /** Send one frame now; false when there is no open connection (nothing is queued here). */
  write(frame) {
    if (!this.online) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  ping() {
    if (!this.ready) return;
    const ws = this.ws;
    if (this.write({ type: 'ping' })) this.expectFrame(ws);
  }
}
