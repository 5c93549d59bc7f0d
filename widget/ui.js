/**
 * The widget's view: builds the shadow DOM once and updates it. Knows nothing about the websocket;
 * the element (vardlotsen-chat.js) calls these methods and receives the citizen's actions through
 * the handlers given to the constructor.
 */
import { renderCustom } from './cards.js';
import { el, emergencyLink, richText, srOnly } from './dom.js';
import { handoverStatusText, MAX_CHARS } from './messages.js';

const STATE_TEXT = { connecting: 'Ansluter…', online: 'Ansluten', offline: 'Ingen anslutning – försöker igen…',
  ended: 'Samtalet är avslutat' };
const PREFIX = { user: 'Du skrev: ', bot: 'Vårdlotsen: ', nurse: 'Sjuksköterska: ', system: 'Meddelande: ' };
const COUNTER_FROM = MAX_CHARS - 200;
export const TOO_LONG = `Meddelandet är för långt. Du kan skriva högst ${MAX_CHARS.toLocaleString('sv-SE')} tecken – `
  + 'korta det eller dela upp det i flera meddelanden.';
const PENDING_NOTE = 'Skickas när anslutningen är tillbaka';

/**
 * @typedef {{onSend(text: string): void, onQuick(button: {title: string, payload: string}): void,
 *            onGeo(): void, onEnd(): void, onRestart(): void}} Handlers
 */
export class ChatView {
  /** @param {ShadowRoot} root @param {Handlers} handlers */
  constructor(root, handlers) {
    this.handlers = handlers;
    this.state = 'connecting';
    this.build(root);
  }

  build(root) {
    const button = (className, text) => el('button', { className, text, attrs: { type: 'button' } });
    this.status = el('p', { className: 'vl-status', attrs: { role: 'status', 'data-state': 'connecting' },
      text: STATE_TEXT.connecting });
    this.endButton = button('vl-end', 'Avsluta samtal');
    this.yes = button('vl-confirm-yes', 'Ja, avsluta');
    this.no = button('vl-confirm-no', 'Nej');
    this.confirm = el('div', { className: 'vl-confirm', attrs: { role: 'alertdialog', hidden: '',
      'aria-labelledby': 'vl-confirm-text' } }, [
      el('p', { text: 'Vill du avsluta samtalet? Historiken tas bort från den här enheten.',
        attrs: { id: 'vl-confirm-text' } }),
      el('div', { className: 'vl-confirm-buttons' }, [this.yes, this.no]),
    ]);
    this.log = el('div', { className: 'vl-log', attrs: { role: 'log', 'aria-live': 'polite',
      'aria-label': 'Meddelanden', tabindex: '0' } });
    this.typing = el('p', { className: 'vl-typing', attrs: { hidden: '' } }, [
      el('span', { className: 'vl-dots', attrs: { 'aria-hidden': 'true' } },
        [el('span'), el('span'), el('span')]),
      'Vårdlotsen skriver…']);
    this.noticeEl = el('p', { className: 'vl-notice', attrs: { role: 'status' } });
    this.handoverEl = el('p', { className: 'vl-handover-status', attrs: { role: 'status' } });
    this.input = el('textarea', { className: 'vl-input', attrs: { id: 'vl-input', rows: '2',
      autocomplete: 'off', 'aria-describedby': 'vl-counter' } });
    this.counter = el('span', { className: 'vl-counter', attrs: { id: 'vl-counter', hidden: '' } });
    this.geo = button('vl-geo', 'Använd min position');
    this.send = el('button', { className: 'vl-send', text: 'Skicka', attrs: { type: 'submit' } });
    this.form = el('form', { className: 'vl-form', attrs: { novalidate: '' } }, [
      el('label', { className: 'vl-label', text: 'Skriv ditt meddelande', attrs: { for: 'vl-input' } }),
      this.input,
      el('div', { className: 'vl-actions' }, [this.geo, this.counter, this.send]),
    ]);
    this.emergency = el('div', { className: 'vl-emergency' }, [
      el('p', { className: 'vl-emergency-main' }, ['Vid livshotande tillstånd – ',
        el('span', { className: 'vl-nowrap' }, ['ring ', emergencyLink('112')])]),
      el('p', {}, ['Sjukvårdsrådgivning: ', emergencyLink('1177')]),
    ]);
    this.rootEl = el('section', { className: 'vl-root', attrs: { 'aria-labelledby': 'vl-title',
      'data-state': 'connecting' } }, [
      el('div', { className: 'vl-header' }, [
        el('h2', { className: 'vl-title', text: 'Vårdlotsen – chatt', attrs: { id: 'vl-title' } }),
        this.status, this.endButton]),
      this.confirm, this.emergency, this.log, this.typing, this.noticeEl, this.handoverEl, this.form,
    ]);
    root.append(this.rootEl);
    this.listen();
  }

  listen() {
    const h = this.handlers;
    this.form.addEventListener('submit', (ev) => { ev.preventDefault(); this.submit(); });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.updateCounter());
    this.geo.addEventListener('click', () => h.onGeo());
    this.endButton.addEventListener('click', () => this.askEnd(true));
    this.no.addEventListener('click', () => this.askEnd(false));
    this.yes.addEventListener('click', () => { this.askEnd(false, false); h.onEnd(); });
    this.confirm.addEventListener('keydown', (ev) => ev.key === 'Escape' && this.askEnd(false));
  }

  /** Show or close the inline "Avsluta samtal?" question; focus moves in and back. */
  askEnd(open, refocus = true) {
    this.confirm.hidden = !open;
    if (open) this.no.focus();
    else if (refocus) this.endButton.focus();
  }

  submit() {
    const text = this.input.value;
    if (!text.trim() || this.input.disabled) return;
    if (text.length > MAX_CHARS) {
      this.notice(TOO_LONG);
      return;
    }
    this.notice('');
    this.input.value = '';
    this.updateCounter();
    this.input.focus();
    this.handlers.onSend(text);
  }

  updateCounter() {
    const n = this.input.value.length;
    this.counter.hidden = n < COUNTER_FROM;
    this.counter.classList.toggle('vl-over', n > MAX_CHARS);
    this.counter.textContent = `${n.toLocaleString('sv-SE')} av ${MAX_CHARS.toLocaleString('sv-SE')} tecken`;
  }

  /** @param {'connecting'|'online'|'offline'|'ended'} state */
  setState(state) {
    this.state = state;
    this.status.dataset.state = state;
    this.rootEl.dataset.state = state;
    this.status.textContent = STATE_TEXT[state];
    for (const note of this.log.querySelectorAll('.vl-pending-note')) note.hidden = state === 'online';
    if (state !== 'online') this.setTyping(false);
  }

  setTyping(on) { this.typing.hidden = !on; }

  /** A short status line for the citizen (role=status); empty text hides it. */
  notice(text) { this.noticeEl.textContent = text; }

  /**
   * The handover status line just above the input (queue place and wait, or the nurse's name);
   * empty, so out of sight, when the handover is over or there is none. Stays in the page so that
   * screen readers announce each change (role=status).
   */
  setHandoverStatus(handover) {
    const text = handoverStatusText(handover);
    this.handoverEl.textContent = text || '';
    if (text) this.handoverEl.dataset.status = handover.status;
    else delete this.handoverEl.dataset.status;
  }

  setBusy(busy) { this.geo.disabled = busy || this.state === 'ended'; this.geo.setAttribute('aria-busy', String(busy)); }

  /** Put a refused message back so nothing the citizen wrote is lost. */
  restoreText(text) {
    const current = this.input.value;
    if (current.includes(text)) return;
    this.input.value = current.trim() ? `${text}\n${current}` : text;
    this.updateCounter();
  }

  entryNode(entry, pending = false) {
    const sender = entry.from === 'nurse'
      ? el('p', { className: 'vl-sender', text: entry.nurse_name ? `Sjuksköterska ${entry.nurse_name}` : 'Sjuksköterska' })
      : srOnly(PREFIX[entry.from]);
    const node = el('div', { className: `vl-entry vl-from-${entry.from}` }, [sender]);
    if (entry.seq !== null && entry.seq !== undefined) node.dataset.seq = String(entry.seq);
    if (entry.client_id) node.dataset.clientId = entry.client_id;
    if (entry.text) node.append(entry.from === 'user' ? el('div', { className: 'vl-text', text: entry.text }) : richText(entry.text));
    node.append(...renderCustom(entry.custom, this.handlers.origin));
    if (pending) {
      node.classList.add('vl-pending');
      node.append(el('p', { className: 'vl-pending-note', text: PENDING_NOTE, attrs: this.state === 'online' ? { hidden: '' } : {} }));
    }
    return node;
  }

  quickReplies(entry) {
    return el('div', { className: 'vl-quick', attrs: { role: 'group', 'aria-label': 'Svarsalternativ' } },
      entry.buttons.map((b) => {
        const btn = el('button', { text: b.title, attrs: { type: 'button' } });
        btn.addEventListener('click', () => { this.removeQuick(); this.input.focus(); this.handlers.onQuick(b); });
        return btn;
      }));
  }

  removeQuick() { for (const q of this.log.querySelectorAll('.vl-quick')) q.remove(); }

  find(entry) {
    if (entry.seq !== null && this.log.querySelector(`[data-seq="${entry.seq}"]`)) return 'seen';
    return entry.client_id ? this.log.querySelector(`[data-client-id="${CSS.escape(entry.client_id)}"]`) : null;
  }

  /** Append one entry unless it is already shown; a shown pending user entry is confirmed instead. */
  addEntry(entry) {
    if (this.find(entry)) { this.settle(entry); return; }
    const node = this.entryNode(entry);
    if (entry.from === 'user') this.removeQuick();
    else if (entry.buttons.length) { this.removeQuick(); node.append(this.quickReplies(entry)); }
    this.append(node, this.placeFor(entry.seq));
  }

  /** Keep seq order, with messages still waiting for their ack last (they get the next seqs). */
  placeFor(seq) {
    if (seq === null) return null;
    return [...this.log.children].find((n) => n.classList.contains('vl-pending')
      || (n.dataset.seq !== undefined && Number(n.dataset.seq) > seq)) || null;
  }

  /** A message typed here and stored in the outbox, not yet acknowledged. */
  addPending(item) {
    this.removeQuick();
    if (!this.find({ seq: null, client_id: item.client_id })) {
      this.append(this.entryNode({ from: 'user', seq: null, text: item.text, client_id: item.client_id, custom: null }, true));
    }
  }

  /** An entry already shown: confirm it, and let the server's copy of the citizen's own words win (it may
   * be masked: a personnummer is shown as "[personnummer]" once the gateway has it). */
  settle(entry) {
    if (!entry.client_id) return;
    this.confirmPending(entry.client_id, entry.seq);
    const text = this.log.querySelector(`[data-client-id="${CSS.escape(entry.client_id)}"] .vl-text`);
    if (entry.from === 'user' && text && typeof entry.text === 'string' && text.textContent !== entry.text) {
      text.textContent = entry.text;
    }
  }

  confirmPending(clientId, seq) {
    const node = this.find({ seq: null, client_id: clientId });
    if (!node) return;
    node.classList.remove('vl-pending');
    node.querySelector('.vl-pending-note')?.remove();
    if (seq !== null && seq !== undefined) node.dataset.seq = String(seq);
  }

  removePending(clientId) { this.find({ seq: null, client_id: clientId })?.remove(); }

  /** Replace the whole log (stored copy, then the server's history); quick replies only on a last bot entry. */
  renderHistory(entries, pending = []) {
    this.log.setAttribute('aria-busy', 'true');
    this.log.replaceChildren();
    entries.forEach((entry) => this.log.append(this.entryNode(entry)));
    const last = entries[entries.length - 1];
    if (last && last.from !== 'user' && last.buttons.length && !pending.length) {
      this.log.lastElementChild.append(this.quickReplies(last));
    }
    pending.forEach((item) => this.addPending(item));
    this.log.setAttribute('aria-busy', 'false');
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** A notice from the widget itself, shown in the log (no seq: it is not part of the history). */
  systemNotice(text, className = '') {
    this.append(el('div', { className: `vl-entry vl-from-system vl-local ${className}`.trim() },
      [srOnly(PREFIX.system), el('div', { className: 'vl-text', text })]));
  }

  /** Scroll to the new entry: its end, or its start when it is taller than the log. */
  append(node, before = null) {
    this.log.insertBefore(node, before);
    const overflow = node.offsetHeight > this.log.clientHeight;
    this.log.scrollTop = overflow ? node.offsetTop - 8 : this.log.scrollHeight; // the log is position: relative
  }

  showEnded() {
    this.askEnd(false, false);
    this.log.replaceChildren();
    this.setState('ended');
    this.notice('');
    this.setHandoverStatus(null);
    this.input.value = '';
    this.updateCounter();
    for (const c of [this.input, this.send, this.geo, this.endButton]) c.disabled = true;
    const restart = el('button', { className: 'vl-restart', text: 'Starta nytt samtal', attrs: { type: 'button' } });
    restart.addEventListener('click', () => this.handlers.onRestart());
    this.log.append(el('div', { className: 'vl-ended' }, [
      el('p', { text: 'Samtalet är avslutat. Din historik är borttagen från den här enheten.' }), restart]));
    restart.focus();
  }

  reset() {
    this.log.replaceChildren();
    this.notice('');
    this.setHandoverStatus(null);
    for (const c of [this.input, this.send, this.geo, this.endButton]) c.disabled = false;
    this.setState('connecting');
    this.input.focus();
  }
}
