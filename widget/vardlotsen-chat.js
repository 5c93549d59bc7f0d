/**
 * <vardlotsen-chat>: Vårdlotsen's embeddable chat. One tag to embed:
 *   <script type="module" src="https://gateway.example/widget/vardlotsen-chat.js"></script>
 *   <vardlotsen-chat></vardlotsen-chat>
 * The gateway is the script's own origin, or the element's `gateway` attribute (an http(s) URL).
 * This module wires storage, transport and view together; each of those knows nothing of the others.
 */
import { lastHandover } from './messages.js';
import { Store } from './storage.js';
import { Transport } from './transport.js';
import { ChatView } from './ui.js';

export const TEXTS = Object.freeze({
  geoFailed: 'Vi kunde inte hämta din position. Skriv gärna orten i stället.',
  expired: 'Ditt tidigare samtal har avslutats efter en tids inaktivitet.',
  unreachable: 'Chatten går inte att nå just nu. Vid livshotande tillstånd – ring 112. Behöver du råd, ring 1177.',
  refused: 'Meddelandet kunde inte skickas. Vid livshotande tillstånd – ring 112. Behöver du råd, ring 1177.',
  geoText: 'Använd min position',
});

/** The gateway origin: the `gateway` attribute when it is an http(s) URL, else the script's origin. */
export function gatewayOrigin(attribute, scriptUrl) {
  if (attribute) {
    try {
      const url = new URL(attribute);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch { /* not a URL: fall back to the script's origin */ }
  }
  return new URL(scriptUrl).origin;
}

/** ws(s)://same-host/ws/chat for an http(s) origin. */
export function socketUrl(origin) {
  const url = new URL('/ws/chat', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

const round3 = (n) => Math.round(n * 1000) / 1000;

export class VardlotsenChat extends HTMLElement {
  connectedCallback() {
    if (!this.view) {
      try {
        this.setup();
      } catch (err) {
        // Show the page's own fallback text (112/1177) instead of an empty box.
        this.shadowRoot?.replaceChildren(document.createElement('slot'));
        throw err;
      }
    }
    if (!this.ended) this.transport.start();
  }

  disconnectedCallback() {
    this.transport?.stop();
  }

  setup() {
    const root = this.attachShadow({ mode: 'open' });
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('./widget.css', import.meta.url).href;
    root.append(css);
    const origin = gatewayOrigin(this.getAttribute('gateway'), import.meta.url);
    this.store = new Store(origin);
    this.transport = new Transport({ url: socketUrl(origin), store: this.store });
    this.view = new ChatView(root, {
      onSend: (text) => this.send({ text }),
      onQuick: (b) => this.send({ text: b.title, payload: b.payload }),
      onGeo: () => this.locate(),
      onEnd: () => this.end(),
      onRestart: () => this.restart(),
      origin,
    });
    /** The history as the gateway knows it (plus our own acknowledged messages), in seq order. */
    this.history = this.store.history;
    this.view.renderHistory(this.history, this.store.outbox); // instant paint before `session`
    this.view.setHandoverStatus(lastHandover(this.history));
    this.listen();
  }

  listen() {
    const { transport: t, view } = this;
    const on = (type, fn) => t.addEventListener(type, (ev) => fn(ev.detail));
    on('state', ({ state }) => view.setState(state));
    on('session', ({ resumed, history, hadSession }) => {
      if (!resumed && hadSession) view.notice(TEXTS.expired);
      this.history = history;
      this.store.setHistory(history);
      view.renderHistory(history, this.store.outbox);
      view.setHandoverStatus(lastHandover(history));
    });
    on('ack', ({ client_id: clientId, seq, item }) => {
      view.confirmPending(clientId, seq);
      if (item && seq !== null) {
        this.remember({ seq, from: 'user', text: item.text, client_id: clientId, ts: Date.now() / 1000,
          buttons: [], custom: null });
      }
    });
    on('entry', ({ entry }) => {
      this.remember(entry, true);
      view.addEntry(entry);
      if (entry.custom?.handover) view.setHandoverStatus(entry.custom.handover);
    });
    on('status', ({ handover }) => view.setHandoverStatus(handover));
    on('typing', ({ on: typing }) => view.setTyping(typing));
    on('error', ({ text, client_id: clientId, item }) => {
      view.notice(text || TEXTS.refused);
      if (!clientId) return;
      view.removePending(clientId);
      if (item) view.restoreText(item.text);
    });
    on('ended', () => this.showEnded());
    on('unreachable', () => view.systemNotice(TEXTS.unreachable, 'vl-unreachable'));
  }

  /** Add an entry to the local copy unless its seq is already there. */
  /** Keep a copy of an entry; `fromServer` replaces our own copy (the server's may be masked). */
  remember(entry, fromServer = false) {
    if (entry.seq === null) return;
    const known = this.history.findIndex((e) => e.seq === entry.seq);
    if (known >= 0 && !fromServer) return;
    if (known >= 0) this.history.splice(known, 1);
    this.history.push(entry);
    this.history.sort((a, b) => a.seq - b.seq);
    this.store.setHistory(this.history);
  }

  send(message) {
    if (this.ended) return;
    this.view.addPending(this.transport.send(message));
  }

  locate() {
    const geo = globalThis.navigator?.geolocation;
    if (!geo) {
      this.view.notice(TEXTS.geoFailed);
      return;
    }
    this.view.setBusy(true);
    geo.getCurrentPosition((pos) => {
      this.view.setBusy(false);
      const { latitude, longitude } = pos.coords;
      this.view.notice('');
      this.send({ text: TEXTS.geoText, metadata: { geo: { lat: round3(latitude), lon: round3(longitude) } } });
    }, () => {
      this.view.setBusy(false);
      this.view.notice(TEXTS.geoFailed);
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  }

  end() {
    this.transport.end();
    this.showEnded();
  }

  showEnded() {
    this.ended = true;
    this.history = [];
    this.view.showEnded();
  }

  restart() {
    this.ended = false;
    this.history = [];
    this.view.reset();
    this.transport.restart();
  }
}

if (!customElements.get('vardlotsen-chat')) customElements.define('vardlotsen-chat', VardlotsenChat);
