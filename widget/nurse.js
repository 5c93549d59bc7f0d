/**
 * The nurse console at /nurse (docs/handover-protocol.md, section 3). Fetches the login
 * (/nurse/api/me), opens /ws/nurse and wires the queue, the claimed conversations and the alerts.
 * The page (nurse.html) is a static skeleton; everything here is built with createElement/textContent.
 */
import { el } from './dom.js';
import { AlertsView } from './nurse-alerts.js';
import { ConversationView } from './nurse-conversation.js';
import { channelLabel, mergeEntries, nurseSocketUrl, TEXTS, urgencyWords } from './nurse-model.js';
import { QueueView } from './nurse-queue.js';
import { checkLogin, fetchMe, logout, toLogin } from './nurse-session.js';
import { NurseSocket } from './nurse-socket.js';

const STATE_TEXT = { connecting: 'Ansluter…', online: 'Ansluten', offline: 'Ingen anslutning – försöker igen…' };
const NOTICE_MS = 20000;
const $ = (selector) => document.querySelector(selector);
const button = (className, text) => el('button', { className, text, attrs: { type: 'button' } });

class NurseConsole {
  constructor(me) {
    this.me = me;
    /** @type {Map<string, {id: string, summary: any, history: any[], view: ConversationView, unread: number}>} */
    this.convs = new Map();
    this.active = null;
    this.asked = null; // the conversation we claimed or opened: shown and focused when its frame comes
    this.pendingRelease = new Set();
    this.afterConnect = false;
    this.connection = $('.nc-connection');
    this.noticeEl = $('.nc-notice');
    this.alerts = new AlertsView($('.nc-alerts'), {
      describe: (id) => this.describe(id),
      goTo: (id) => {
        if (this.convs.has(id)) this.show(id, true);
        else if (!this.queue.focusItem(id)) this.notice('Samtalet finns inte längre i kön.');
      },
      changed: (id) => {
        this.convs.get(id)?.view.setAlerted(this.alerts.has(id));
        this.queue.refresh();
      },
      fallbackFocus: () => $('#nc-queue-title'),
    });
    this.paneBody = $('.nc-pane-body');
    this.queue = new QueueView({ list: $('.nc-queue'), empty: $('.nc-queue-empty'), count: $('.nc-queue-count'),
      live: $('.nc-queue-live') }, {
      onClaim: (id) => this.claim(id),
      onShow: (id) => this.open(id),
      canShow: (item) => this.convs.has(item.conversation) || (item.nurse !== null && item.nurse === this.userName.textContent),
      isAlerted: (id) => this.alerts.has(id),
      unread: (id) => this.convs.get(id)?.unread || 0,
    });
    this.socket = new NurseSocket({ url: nurseSocketUrl(location.href) });
    this.header();
  }

  header() {
    this.userName = el('span', { className: 'nc-user-name', text: this.me.name });
    const logout = button('nc-logout', 'Logga ut');
    logout.addEventListener('click', () => this.logout(logout));
    const parts = [el('p', { className: 'nc-signed-in' }, ['Inloggad som ', this.userName])];
    if (this.me.admin) parts.push(el('a', { className: 'nc-audit', text: 'Granskningslogg', attrs: { href: '/nurse/audit' } }));
    $('.nc-user').replaceChildren(...parts, logout);
  }

  start() {
    const on = (type, fn) => this.socket.addEventListener(type, (ev) => fn(ev.detail));
    on('state', ({ state }) => this.setConnection(state));
    on('lost', ({ opened }) => { if (!opened) checkLogin(); });
    on('frame', ({ frame }) => this.handle(frame));
    this.setConnection('connecting');
    this.socket.start();
  }

  setConnection(state) {
    this.connection.dataset.state = state;
    this.connection.textContent = STATE_TEXT[state];
    document.body.dataset.connection = state;
    if (state === 'online') this.afterConnect = true;
    if (state === 'offline') this.settle(); // no answer will come on this link
  }

  /** Give back the controls of everything still waiting for the gateway's answer. */
  settle() {
    for (const conv of this.convs.values()) if (conv.view.busy) conv.view.setBusy(null);
    this.pendingRelease.clear();
    if (this.asked) this.queue.pending(this.asked, false);
    this.asked = null;
  }

  handle(f) {
    switch (f.type) {
      case 'hello':
        if (f.nurse.name) this.userName.textContent = f.nurse.name;
        break;
      case 'queue': this.onQueue(f.items); break;
      case 'conversation': this.onConversation(f); break;
      case 'entry': this.onEntry(f.conversation, f.entry); break;
      case 'alert': this.alerts.add(f); break;
      case 'claimed':
        if (!f.ok) {
          this.notice(TEXTS.lostClaim);
          this.queue.pending(f.conversation, false);
          if (this.asked === f.conversation) this.asked = null;
        }
        break;
      case 'closed':
        this.end(f.conversation, this.pendingRelease.has(f.conversation) ? TEXTS.released
          : `${TEXTS.closed}${f.reason ? ` ${f.reason}` : ''}`);
        break;
      case 'error': this.onError(f.text); break;
      default:
    }
  }

  onQueue(items) {
    this.queue.update(items);
    const held = new Set(items.filter((i) => i.status === 'held').map((i) => i.conversation));
    // Released: the conversation went back to the bot. After a reconnect: ended while we were away.
    for (const id of [...this.convs.keys()]) {
      if (held.has(id)) continue;
      if (this.pendingRelease.has(id)) this.end(id, TEXTS.released);
      else if (this.afterConnect) this.end(id, TEXTS.closed);
    }
    this.afterConnect = false;
  }

  onConversation(f) {
    const old = this.convs.get(f.conversation);
    const conv = { id: f.conversation, summary: f.summary, history: [], unread: 0 };
    mergeEntries(conv.history, f.history);
    conv.view = new ConversationView(conv, {
      onSend: (id, text) => this.send({ type: 'message', conversation: id, text }),
      onRelease: (id) => this.release(id),
      onPriority: (id, urgency) => this.send({ type: 'priority', conversation: id, urgency }),
      onClose: (id, note) => this.send({ type: 'close', conversation: id, note }),
      notice: (text) => this.notice(text),
    });
    if (old) { // sent again (e.g. after a reconnect): keep what the nurse was typing
      conv.view.input.value = old.view.input.value;
      conv.view.note.value = old.view.note.value;
    }
    conv.view.setAlerted(this.alerts.has(conv.id));
    this.convs.set(conv.id, conv);
    const mine = this.asked === conv.id;
    if (mine) this.asked = null;
    const typing = old && old.view.input === document.activeElement;
    if (mine || !this.active || this.active === conv.id) this.show(conv.id, mine);
    if (typing && this.active === conv.id) conv.view.input.focus();
    this.queue.refresh();
  }

  onEntry(id, entry) {
    const conv = this.convs.get(id);
    if (!conv) return;
    const added = mergeEntries(conv.history, [entry]);
    if (!added.length) return;
    conv.view.append(added);
    if (this.active !== id) {
      conv.unread += added.length;
      this.queue.refresh();
    }
  }

  onError(text) {
    this.notice(text);
    this.settle();
  }

  /** Send a frame; offline, say so and report false (the caller keeps its state). */
  send(frame) {
    if (this.socket.send(frame)) return true;
    this.notice(TEXTS.offline);
    return false;
  }

  claim(id) {
    if (!this.send({ type: 'claim', conversation: id })) return;
    this.asked = id;
    this.queue.pending(id, true);
  }

  /** A held conversation: shown at once when loaded, else asked for (`open`, e.g. after a page reload). */
  open(id) {
    if (this.convs.has(id)) this.show(id, true);
    else if (this.send({ type: 'open', conversation: id })) this.asked = id;
  }

  release(id) {
    if (!this.send({ type: 'release', conversation: id })) return false;
    this.pendingRelease.add(id);
    return true;
  }

  show(id, focus) {
    const conv = this.convs.get(id);
    if (!conv) return;
    this.active = id;
    conv.unread = 0;
    this.paneBody.replaceChildren(conv.view.node);
    conv.view.shown();
    if (focus) conv.view.heading.focus();
    this.queue.refresh();
  }

  /** The conversation is over for this console (closed, released, or gone): drop it and say so. */
  end(id, text) {
    const conv = this.convs.get(id);
    this.pendingRelease.delete(id);
    if (!conv) return;
    this.convs.delete(id);
    if (this.active === id) {
      const hadFocus = conv.view.node.contains(document.activeElement) || document.activeElement === document.body;
      this.active = null;
      const message = el('p', { className: 'nc-closed', text, attrs: { tabindex: '-1' } });
      this.paneBody.replaceChildren(message);
      if (hadFocus) message.focus();
    } else {
      this.notice(text);
    }
    this.queue.refresh();
  }

  describe(id) {
    const item = this.queue.get(id);
    if (item) {
      const where = item.status === 'held' ? `hos ${item.nurse || 'en kollega'}` : 'i kö';
      return `Samtal: ${urgencyWords(item.urgency)}, ${channelLabel(item.channel)}, ${where}`
        + `${item.first_line ? ` – ”${item.first_line}”` : ''}`;
    }
    const conv = this.convs.get(id);
    return conv?.summary.first_screen[0] ? `Samtal: ${conv.summary.first_screen[0]}` : `Samtal ${id}`;
  }

  notice(text) {
    this.noticeEl.textContent = text;
    clearTimeout(this.noticeTimer);
    if (text) this.noticeTimer = setTimeout(() => { this.noticeEl.textContent = ''; }, NOTICE_MS);
  }

  async logout(btn) {
    btn.disabled = true;
    if (await logout(this.me.csrf)) {
      this.socket.stop();
      toLogin();
      return;
    }
    btn.disabled = false;
    this.notice(TEXTS.logoutFailed);
  }
}

async function main() {
  let me;
  try {
    me = await fetchMe();
  } catch {
    $('.nc-notice').textContent = TEXTS.meFailed;
    $('.nc-connection').dataset.state = 'offline';
    $('.nc-connection').textContent = 'Inte ansluten';
    return;
  }
  if (me) new NurseConsole(me).start();
}

main();
