/**
 * The widget's local memory, one localStorage key per gateway: `vardlotsen:v1:<gateway origin>`.
 *
 * Holds the session id the gateway issued, the outbox (messages not yet acknowledged) and a copy of
 * the history for an instant paint on reload. Everything read back is checked again, and every
 * storage call may throw (private mode, quota, blocked storage): then the widget simply works
 * without memory, in RAM only.
 */
import { isClientId, parseHistory } from './messages.js';

const MAX_HISTORY = 200;
const MAX_OUTBOX = 50;

/** @typedef {{client_id: string, text: string, payload?: string, metadata?: object}} OutboxItem */
/** @typedef {{session: string|null, outbox: OutboxItem[], history: object[]}} Saved */

/** localStorage, or null when the browser refuses it (some private modes throw on mere access). */
function defaultBackend() {
  try {
    const ls = globalThis.localStorage;
    const probe = 'vardlotsen:probe';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return ls;
  } catch {
    return null;
  }
}

function cleanOutbox(raw) {
  if (!Array.isArray(raw)) return [];
  const out = [];
  for (const m of raw) {
    if (!m || !isClientId(m.client_id) || typeof m.text !== 'string') continue;
    const item = { client_id: m.client_id, text: m.text };
    if (typeof m.payload === 'string') item.payload = m.payload;
    if (m.metadata && typeof m.metadata === 'object' && !Array.isArray(m.metadata)) item.metadata = m.metadata;
    out.push(item);
  }
  return out.slice(-MAX_OUTBOX);
}

export class Store {
  /**
   * @param {string} gatewayOrigin e.g. "https://gateway.example"
   * @param {Storage|null} [backend] defaults to localStorage when usable
   */
  constructor(gatewayOrigin, backend = defaultBackend()) {
    this.key = `vardlotsen:v1:${gatewayOrigin}`;
    this.backend = backend;
    /** @type {Saved} */
    this.data = this.read();
  }

  /** @returns {Saved} */
  read() {
    const empty = { session: null, outbox: [], history: [] };
    if (!this.backend) return empty;
    try {
      const raw = JSON.parse(this.backend.getItem(this.key) || 'null');
      if (!raw || typeof raw !== 'object') return empty;
      return {
        session: typeof raw.session === 'string' && raw.session ? raw.session : null,
        outbox: cleanOutbox(raw.outbox),
        history: parseHistory(raw.history).slice(-MAX_HISTORY),
      };
    } catch {
      return empty; // corrupt JSON or storage refused: start afresh
    }
  }

  write() {
    if (!this.backend) return;
    try {
      this.backend.setItem(this.key, JSON.stringify(this.data));
    } catch {
      // Quota or private mode: keep going in memory. Drop the history copy first, it is the big part.
      try {
        this.backend.setItem(this.key, JSON.stringify({ ...this.data, history: [] }));
      } catch { /* nothing more to do */ }
    }
  }

  get session() { return this.data.session; }
  get outbox() { return this.data.outbox.slice(); }
  get history() { return this.data.history.slice(); }

  setSession(id) { this.data.session = id; this.write(); }

  /** @param {OutboxItem} item */
  addToOutbox(item) { this.data.outbox = cleanOutbox([...this.data.outbox, item]); this.write(); }

  /** @returns {OutboxItem|null} the removed item */
  removeFromOutbox(clientId) {
    const item = this.data.outbox.find((m) => m.client_id === clientId) || null;
    if (item) {
      this.data.outbox = this.data.outbox.filter((m) => m !== item);
      this.write();
    }
    return item;
  }

  setHistory(entries) { this.data.history = entries.slice(-MAX_HISTORY); this.write(); }

  /** Forget everything ("Avsluta samtal"). */
  clear() {
    this.data = { session: null, outbox: [], history: [] };
    if (!this.backend) return;
    try {
      this.backend.removeItem(this.key);
    } catch { /* already unusable */ }
  }
}
