/**
 * The console's live queue (`queue` frames): one `li.nc-item[data-conversation]` per item, in the
 * server's order. Items are kept and updated in place, so a focused button survives each update;
 * the waiting times tick locally every second. New items are announced politely.
 */
import { el } from './dom.js';
import { channelLabel, formatWait, spokenWait, urgencyWords } from './nurse-model.js';

let ids = 0;

export class QueueView {
  /**
   * @param {{list: HTMLElement, empty: HTMLElement, count: HTMLElement, live: HTMLElement}} nodes
   * @param {{onClaim(id: string): void, onShow(id: string): void, canShow(item: object): boolean,
   *          isAlerted(id: string): boolean, unread(id: string): number}} handlers
   */
  constructor(nodes, handlers) {
    Object.assign(this, nodes);
    this.handlers = handlers;
    this.rows = new Map(); // conversation id → {node, refs, item}
    this.items = [];
    this.receivedAt = Date.now();
    this.first = true;
    this.ticker = setInterval(() => this.tick(), 250); // cheap: text changes once a second
  }

  /** The item for a conversation in the newest queue frame, or null. */
  get(id) { return this.items.find((i) => i.conversation === id) || null; }

  update(items) {
    const focused = document.activeElement;
    const isNew = (i) => !this.rows.has(i.conversation);
    const fresh = this.first ? [] : items.filter(isNew);
    this.items = items;
    this.receivedAt = Date.now();
    const keep = new Set(items.map((i) => i.conversation));
    for (const [id, row] of this.rows) if (!keep.has(id)) { row.node.remove(); this.rows.delete(id); }
    let before = this.list.firstElementChild;
    for (const item of items) {
      const row = this.rows.get(item.conversation) || this.createRow(item);
      row.item = item;
      this.fill(row);
      if (row.node !== before) this.list.insertBefore(row.node, before);
      else before = before.nextElementSibling;
    }
    if (focused && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
    this.empty.hidden = items.length > 0;
    const queued = items.filter((i) => i.status === 'queued').length;
    this.count.textContent = `(${queued} väntar${items.length > queued ? `, ${items.length - queued} pågår` : ''})`;
    if (fresh.length) this.announce(fresh);
    this.first = false;
  }

  announce(fresh) {
    this.live.textContent = fresh.map((i) => `Ny i kön: ${urgencyWords(i.urgency)}, ${channelLabel(i.channel)}`
      + `${i.first_line ? `: ${i.first_line}` : ''}.`).join(' ');
  }

  createRow(item) {
    const n = (ids += 1);
    const refs = {
      urgency: el('span', { className: 'nc-urgency' }),
      channel: el('span', { className: 'nc-item-channel' }),
      wait: el('span', { className: 'nc-wait-time', attrs: { 'aria-hidden': 'true' } }),
      waitSpoken: el('span', { className: 'nc-sr' }),
      firstLine: el('p', { className: 'nc-first-line', attrs: { id: `nc-first-line-${n}` } }),
      status: el('span', { className: 'nc-item-status' }),
      alerted: el('span', { className: 'nc-alert-mark', text: 'Larm', attrs: { hidden: '' } }),
      unread: el('span', { className: 'nc-unread', attrs: { hidden: '' } }),
      claim: el('button', { className: 'nc-claim', text: 'Ta samtalet',
        attrs: { type: 'button', 'aria-describedby': `nc-first-line-${n}` } }),
      show: el('button', { className: 'nc-show', text: 'Visa samtalet',
        attrs: { type: 'button', 'aria-describedby': `nc-first-line-${n}` } }),
    };
    refs.claim.addEventListener('click', () => this.handlers.onClaim(item.conversation));
    refs.show.addEventListener('click', () => this.handlers.onShow(item.conversation));
    const node = el('li', { className: 'nc-item', attrs: { 'data-conversation': item.conversation } }, [
      el('div', { className: 'nc-item-head' }, [refs.urgency, refs.channel,
        el('span', { className: 'nc-wait' }, ['Väntat ', refs.wait, refs.waitSpoken])]),
      refs.firstLine,
      el('div', { className: 'nc-item-foot' }, [refs.status, refs.alerted, refs.unread, refs.claim, refs.show]),
    ]);
    const row = { node, refs, item };
    this.rows.set(item.conversation, row);
    return row;
  }

  fill(row) {
    const { item, refs, node } = row;
    const h = this.handlers;
    node.dataset.urgency = item.urgency || 'okand';
    node.dataset.status = item.status;
    if (item.position !== null) node.dataset.position = String(item.position);
    refs.urgency.dataset.urgency = item.urgency || 'okand';
    refs.urgency.textContent = urgencyWords(item.urgency);
    refs.channel.textContent = channelLabel(item.channel);
    refs.firstLine.textContent = item.first_line ? `”${item.first_line}”` : 'Inget meddelande ännu';
    refs.status.textContent = statusText(item);
    const alerted = h.isAlerted(item.conversation);
    node.classList.toggle('nc-alerted', alerted);
    refs.alerted.hidden = !alerted;
    const unread = h.unread(item.conversation);
    refs.unread.hidden = !unread;
    refs.unread.textContent = unread === 1 ? '1 nytt meddelande' : `${unread} nya meddelanden`;
    refs.claim.hidden = item.status !== 'queued' && item.status !== 'callback';
    if (refs.claim.hidden) refs.claim.disabled = false;
    refs.show.hidden = item.status === 'queued' || item.status === 'callback' || !h.canShow(item);
    this.setWait(row);
  }

  setWait(row) {
    const s = row.item.waiting_s + Math.floor((Date.now() - this.receivedAt) / 1000);
    const text = formatWait(s);
    if (row.refs.wait.textContent !== text) {
      row.refs.wait.textContent = text;
      row.refs.waitSpoken.textContent = spokenWait(s);
    }
  }

  tick() { for (const row of this.rows.values()) this.setWait(row); }

  /** Redraw the marks that depend on the console's own state (alerts, open conversations, unread). */
  refresh() { for (const row of this.rows.values()) this.fill(row); }

  /** A claim is on its way: no second click. */
  pending(id, on) {
    const row = this.rows.get(id);
    if (row) row.refs.claim.disabled = on;
  }

  focusItem(id) {
    const row = this.rows.get(id);
    if (!row) return false;
    const target = [row.refs.claim, row.refs.show].find((b) => !b.hidden) || row.node;
    if (target === row.node) row.node.tabIndex = -1;
    target.focus();
    return true;
  }
}

/** "I kö", "Hos Anna", or the number to call back (a phone call that asked for a callback). */
function statusText(item) {
  const phone = typeof item.phone === 'string' ? ` ${item.phone}` : '';
  if (item.status === 'callback') return `Ring upp${phone}`;
  if (item.status === 'held') return `Hos ${item.nurse || 'en kollega'}${phone ? ` – ring upp${phone}` : ''}`;
  return 'I kö';
}
