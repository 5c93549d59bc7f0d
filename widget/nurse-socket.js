/**
 * The nurse console's websocket, /ws/nurse (docs/handover-protocol.md, section 3): connect, reconnect
 * with the widget's backoff (0.5 s doubling to 15 s, jitter), keep-alive pings. The login cookie goes
 * with the handshake; the gateway checks it and the Origin.
 *
 * Events (CustomEvent, payload in `detail`):
 *   state {state: 'connecting'|'online'|'offline'}   frame {frame}   lost {code, opened}
 */
import { parseNurseFrame } from './nurse-model.js';
import { backoffDelay, PING_EVERY_MS } from './transport.js';

const OPEN = 1;

export class NurseSocket extends EventTarget {
  /** @param {{url: string, WebSocketImpl?: typeof WebSocket, random?: () => number}} options */
  constructor({ url, WebSocketImpl = globalThis.WebSocket, random = Math.random }) {
    super();
    Object.assign(this, { url, WebSocketImpl, random });
    this.ws = null;
    this.stopped = true;
    this.state = 'connecting';
    this.attempt = 0;
    this.retryTimer = undefined;
    this.pinger = undefined;
    this.onBrowserOnline = () => this.retryNow();
  }

  emit(type, detail = {}) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', { state });
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    globalThis.addEventListener?.('online', this.onBrowserOnline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onBrowserOnline);
    clearTimeout(this.retryTimer);
    this.detach(this.ws);
  }

  retryNow() {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.connect();
  }

  connect() {
    clearTimeout(this.retryTimer);
    if (this.stopped || this.ws) return;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.setState('online');
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      const frame = parseNurseFrame(ev.data);
      if (frame && frame.type !== 'pong') this.emit('frame', { frame });
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      this.detach(ws);
      if (this.stopped) return;
      this.setState('offline');
      this.emit('lost', { code: ev?.code ?? 1006, opened });
      this.scheduleRetry();
    };
    ws.onerror = () => {}; // a close event always follows
  }

  detach(ws) {
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try { ws.close(); } catch { /* already closed */ }
    if (this.ws === ws) {
      this.ws = null;
      clearInterval(this.pinger);
    }
  }

  scheduleRetry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++, this.random));
  }

  get online() { return Boolean(this.ws && this.ws.readyState === OPEN); }

  /** Send one frame now; false when there is no open connection (nothing is queued for later). */
  send(frame) {
    if (!this.online) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }
}
