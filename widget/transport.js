/**
 * The chat websocket (docs/chat-protocol.md): hello → session handshake, reconnect with exponential
 * backoff and jitter, keep-alive pings, and an outbox of unacknowledged messages that is re-sent after
 * every `session` frame (the gateway delivers a client_id once, so re-sending is always safe).
 *
 * Events (CustomEvent, payload in `detail`):
 *   state {state: 'connecting'|'online'|'offline'}   session {session, resumed, history, hadSession}
 *   ack {client_id, seq, duplicate, item}   entry {entry}   typing {on}
 *   error {code, text, client_id, item}     ended {local}   unreachable {}   status {handover}
 */
import { newClientId, parseFrame } from './messages.js';

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 15000;
export const PING_EVERY_MS = 25000;
/** No frame this long after a ping or after opening: the link is dead even if the socket has not noticed. */
export const SILENCE_MS = 10000;
export const UNREACHABLE_MS = 10000;
const OPEN = 1;

/** Delay before reconnect attempt `n` (0-based): doubling from 0.5 s to 15 s, then 50–100 % of that. */
export function backoffDelay(n, random = Math.random) {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(n, 10));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export class Transport extends EventTarget {
  /**
   * @param {{url: string, store: import('./storage.js').Store, WebSocketImpl?: typeof WebSocket,
   *          random?: () => number}} options
   */
  constructor({ url, store, WebSocketImpl = globalThis.WebSocket, random = Math.random }) {
    super();
    Object.assign(this, { url, store, WebSocketImpl, random });
    this.ws = null;
    this.ready = false; // true between our `session` frame and the socket's end
    this.stopped = true;
    this.state = 'connecting';
    this.attempt = 0;
    this.everOnline = false;
    this.timers = {};
    this.onBrowserOnline = () => this.retryNow();
  }

  emit(type, detail = {}) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', { state });
  }

  timer(name, ms, fn) {
    clearTimeout(this.timers[name]);
    this.timers[name] = ms === null ? undefined : setTimeout(fn, ms);
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    globalThis.addEventListener?.('online', this.onBrowserOnline);
    if (!this.everOnline && !this.timers.unreachable) {
      this.timers.unreachable = setTimeout(() => !this.everOnline && this.emit('unreachable'), UNREACHABLE_MS);
    }
    this.connect();
  }

  /** Close and stay closed (element removed from the page, or the conversation ended). */
  stop() {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onBrowserOnline);
    for (const name of ['retry', 'silence']) this.timer(name, null);
    clearInterval(this.pinger);
    this.detach(this.ws);
  }

  /** A fresh conversation after "Avsluta samtal": hello with session null. */
  restart() {
    this.stop();
    this.attempt = 0;
    this.state = null;
    this.setState('connecting');
    this.start();
  }

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
    ws.onopen = () => {
      this.write({ type: 'hello', session: this.store.session });
      this.timer('silence', SILENCE_MS, () => this.lost(ws)); // no `session` answer in time
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      if (this.ready) this.timer('silence', null);
      this.handle(parseFrame(ev.data));
    };
    ws.onclose = () => this.lost(ws);
    ws.onerror = () => {}; // a close event always follows
  }

  /** The socket is gone (closed, silent, or refused): show offline and try again later. */
  lost(ws) {
    if (ws !== this.ws) return;
    this.detach(ws);
    if (this.stopped) return;
    this.setState('offline');
    this.scheduleRetry();
  }

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

  write(frame) {
    if (!this.ws || this.ws.readyState !== OPEN) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  handle(f) {
    if (!f) return; // unknown or malformed frames are ignored
    const { store } = this;
    switch (f.type) {
      case 'session': {
        const hadSession = store.session !== null;
        store.setSession(f.session);
        this.ready = true;
        this.everOnline = true;
        this.attempt = 0;
        this.timer('silence', null);
        clearTimeout(this.timers.unreachable);
        this.setState('online');
        clearInterval(this.pinger);
        this.pinger = setInterval(() => this.ping(), PING_EVERY_MS);
        this.emit('session', { ...f, hadSession });
        for (const item of store.outbox) this.write({ type: 'message', ...item });
        break;
      }
      case 'ack':
        this.emit('ack', { ...f, item: store.removeFromOutbox(f.client_id) });
        break;
      case 'error':
        this.emit('error', { ...f, item: f.client_id ? store.removeFromOutbox(f.client_id) : null });
        break;
      case 'ended':
        this.onEnded();
        break;
      case 'entry':
        this.emit('entry', { entry: f.entry });
        break;
      case 'typing':
        this.emit('typing', { on: f.on });
        break;
      case 'status':
        this.emit('status', { handover: f.handover });
        break;
      default: // pong: any frame already proved the link alive
    }
  }

  ping() {
    if (!this.ready) return;
    const ws = this.ws;
    if (this.write({ type: 'ping' })) this.timer('silence', SILENCE_MS, () => this.lost(ws));
  }

  /**
   * Queue a citizen message: stored in the outbox first (so a reload or a dropped link loses
   * nothing), sent now when online, otherwise after the next `session` frame.
   * @returns {import('./storage.js').OutboxItem}
   */
  send({ text, payload, metadata }) {
    const item = { client_id: newClientId(), text };
    if (typeof payload === 'string' && payload) item.payload = payload;
    if (metadata) item.metadata = metadata;
    this.store.addToOutbox(item);
    if (this.ready) this.write({ type: 'message', ...item });
    return item;
  }

  /**
   * "Avsluta samtal": forget locally at once, ask the gateway to delete the session when we can,
   * then stay closed until restart(). Offline, the gateway's copy expires on its own (30 min).
   */
  end() {
    const ws = this.ws;
    const told = this.ready && this.write({ type: 'end' });
    this.store.clear();
    this.ws = null; // detached from our logic; the socket itself may still carry the `ended` answer
    this.ready = false;
    this.stop();
    if (told) {
      ws.onmessage = (ev) => parseFrame(ev.data)?.type === 'ended' && this.detach(ws);
      this.timer('closing', 3000, () => this.detach(ws));
    } else {
      this.detach(ws);
    }
  }

  /** The gateway ended the session (here or in another tab of the same session). */
  onEnded() {
    this.store.clear();
    this.stop();
    this.emit('ended', { local: false });
  }
}
