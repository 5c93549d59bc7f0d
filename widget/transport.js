/**
 * The chat websocket (docs/chat-protocol.md): hello → session handshake and an outbox of unacknowledged
 * messages that is re-sent after every `session` frame (the gateway delivers a client_id once, so
 * re-sending is always safe). Reconnects, backoff and keep-alive pings come from socket.js; here the link
 * counts as online only once the `session` answer is in, and a ping unanswered for SILENCE_MS drops it.
 *
 * Events (CustomEvent, payload in `detail`):
 *   state {state: 'connecting'|'online'|'offline'}   session {session, resumed, history, hadSession}
 *   ack {client_id, seq, duplicate, item}   entry {entry}   typing {on}
 *   error {code, text, client_id, item}     ended {local}   unreachable {}   status {handover}
 */
import { newClientId, parseFrame } from './messages.js';
import { ReconnectingSocket } from './socket.js';

export { BACKOFF_MAX_MS, BACKOFF_MIN_MS, backoffDelay, PING_EVERY_MS } from './socket.js';
/** No frame this long after a ping or after opening: the link is dead even if the socket has not noticed. */
export const SILENCE_MS = 10000;
export const UNREACHABLE_MS = 10000;

export class Transport extends ReconnectingSocket {
  /**
   * @param {{url: string, store: import('./storage.js').Store, WebSocketImpl?: typeof WebSocket,
   *          random?: () => number}} options
   */
  constructor({ url, store, WebSocketImpl, random }) {
    super({ url, WebSocketImpl, random, silenceMs: SILENCE_MS });
    this.store = store;
    this.everOnline = false;
  }

  start() {
    if (this.stopped && !this.everOnline && !this.timers.unreachable) {
      this.timers.unreachable = setTimeout(() => !this.everOnline && this.emit('unreachable'), UNREACHABLE_MS);
    }
    super.start();
  }

  /** A fresh conversation after "Avsluta samtal": hello with session null. */
  restart() {
    this.stop();
    this.attempt = 0;
    this.state = null;
    this.setState('connecting');
    this.start();
  }

  onOpen(ws) {
    this.write({ type: 'hello', session: this.store.session });
    this.expectFrame(ws); // no `session` answer in time
  }

  parse(data) { return parseFrame(data); }

  handle(f) {
    if (!f) return; // unknown or malformed frames are ignored
    const { store } = this;
    switch (f.type) {
      case 'session': {
        const hadSession = store.session !== null;
        store.setSession(f.session);
        this.everOnline = true;
        clearTimeout(this.timers.unreachable);
        this.markOnline();
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
      ws.onmessage = (ev) => this.parse(ev.data)?.type === 'ended' && this.detach(ws);
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
