/**
 * One claimed conversation in the console: the summary's first screen, SBAR, the answers quoted as
 * given, the transcript, the reply box and the release / close actions. The controller (nurse.js)
 * sends the frames; this view only builds and updates the DOM.
 */
import { el } from './dom.js';
import { channelLabel, clockTime, customLines, MAX_CHARS, NOTE_MAX_CHARS, SBAR_SECTIONS, senderLabel, TEXTS,
  urgencyWords } from './nurse-model.js';

let ids = 0;
const COUNTER_FROM = MAX_CHARS - 200;

/**
 * @typedef {{onSend(id: string, text: string): boolean, onRelease(id: string): boolean,
 *            onPriority(id: string, urgency: string): boolean,
 *            onClose(id: string, note: string): boolean, notice(text: string): void}} Handlers
 */
export class ConversationView {
  /** @param {{id: string, summary: any, history: any[]}} conv @param {Handlers} handlers */
  constructor(conv, handlers) {
    this.conv = conv;
    this.handlers = handlers;
    this.n = (ids += 1);
    this.node = this.build();
  }

  build() {
    const { id, summary } = this.conv;
    const n = this.n;
    this.heading = el('h3', { className: 'nc-conv-title', text: 'Sammanfattning',
      attrs: { id: `nc-conv-title-${n}`, tabindex: '-1' } });
    this.transcript = el('div', { className: 'nc-transcript', attrs: { role: 'log', 'aria-live': 'polite',
      'aria-labelledby': `nc-transcript-title-${n}`, tabindex: '0' } });
    const entries = this.conv.history.length ? this.conv.history : summary.transcript;
    this.transcript.append(...entries.map((e) => this.entryNode(e)));
    // Follow the newest entry unless the nurse has scrolled up to read, also when the log's size changes.
    this.stick = true;
    this.transcript.addEventListener('scroll', () => { this.stick = this.atEnd(); });
    if (globalThis.ResizeObserver) new ResizeObserver(() => this.stick && this.toEnd()).observe(this.transcript);
    return el('article', { className: 'nc-conversation', attrs: { 'data-conversation': id,
      'data-urgency': summary.urgency || 'okand', 'aria-labelledby': `nc-conv-title-${n}` } }, [
      el('div', { className: 'nc-conv-head' }, [
        el('span', { className: 'nc-urgency', text: urgencyWords(summary.urgency),
          attrs: { 'data-urgency': summary.urgency || 'okand' } }),
        el('span', { className: 'nc-channel', text: channelLabel(summary.channel),
          attrs: { 'data-channel': summary.channel } }),
        this.alertMark = el('span', { className: 'nc-alert-mark', text: 'Larm', attrs: { hidden: '' } }),
      ]),
      el('div', { className: 'nc-conv-grid' }, [
        el('div', { className: 'nc-basis' }, [
          el('section', { className: 'nc-first-screen', attrs: { 'aria-labelledby': `nc-conv-title-${n}` } }, [
            this.heading,
            summary.first_screen.length
              ? el('ul', { className: 'nc-first-screen-lines' }, summary.first_screen.map((l) => el('li', { text: l })))
              : el('p', { text: 'Ingen sammanfattning.' }),
          ]),
          this.sbar(summary.sbar),
          this.answers(summary.answers),
        ]),
        el('div', { className: 'nc-chat-col' }, [
          el('h3', { className: 'nc-transcript-title', text: 'Samtalet', attrs: { id: `nc-transcript-title-${n}` } }),
          this.transcript,
          this.chatForm(),
          this.actions(),
          this.closeForm(),
        ]),
      ]),
    ]);
  }

  sbar(sbar) {
    return el('section', { className: 'nc-sbar', attrs: { 'aria-labelledby': `nc-sbar-title-${this.n}` } }, [
      el('h3', { text: 'SBAR', attrs: { id: `nc-sbar-title-${this.n}` } }),
      ...SBAR_SECTIONS.map(([key, title]) => el('div', { className: 'nc-sbar-part', attrs: { 'data-part': key } }, [
        el('h4', { text: title }),
        el('p', { className: 'nc-sbar-text', text: sbar[key] || '–' }),
      ])),
    ]);
  }

  answers(answers) {
    const title = el('h3', { text: 'Svar på frågorna', attrs: { id: `nc-answers-title-${this.n}` } });
    return el('section', { className: 'nc-answers-section', attrs: { 'aria-labelledby': title.id } }, [
      title,
      answers.length
        ? el('ol', { className: 'nc-answers' }, answers.map((a) => el('li', { className: 'nc-answer-item' }, [
          el('p', { className: 'nc-question', text: a.question || 'Fråga' }),
          el('p', { className: 'nc-answer' }, ['„', el('span', { className: 'nc-answer-text', text: a.answer }), '”']),
        ])))
        : el('p', { className: 'nc-answers nc-none', text: 'Inga svar.' }),
    ]);
  }

  chatForm() {
    const n = this.n;
    this.input = el('textarea', { className: 'nc-input', attrs: { id: `nc-input-${n}`, rows: '2',
      'aria-describedby': `nc-input-hint-${n} nc-counter-${n}` } });
    this.counter = el('span', { className: 'nc-counter', attrs: { id: `nc-counter-${n}`, hidden: '' } });
    this.sendButton = el('button', { className: 'nc-send', text: 'Skicka', attrs: { type: 'submit' } });
    const form = el('form', { className: 'nc-chat', attrs: { novalidate: '' } }, [
      el('label', { text: 'Svar till invånaren', attrs: { for: `nc-input-${n}` } }),
      this.input,
      el('div', { className: 'nc-form-row' }, [
        el('span', { className: 'nc-hint', text: 'Enter skickar, Skift+Enter ger ny rad.', attrs: { id: `nc-input-hint-${n}` } }),
        this.counter, this.sendButton]),
    ]);
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.submit(); });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.updateCounter());
    return form;
  }

  actions() {
    this.releaseButton = el('button', { className: 'nc-release', text: 'Lämna tillbaka till Vårdlotsen',
      attrs: { type: 'button' } });
    this.closeButton = el('button', { className: 'nc-close', text: 'Avsluta med anteckning',
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': `nc-close-form-${this.n}` } });
    this.releaseButton.addEventListener('click', () => {
      if (this.handlers.onRelease(this.conv.id)) this.setBusy('release');
    });
    this.closeButton.addEventListener('click', () => this.openClose(this.closeFormEl.hidden));
    return el('div', { className: 'nc-actions' }, [this.priorityForm(), this.releaseButton, this.closeButton]);
  }

  /** The nurse's own assessment replaces the bot's priority (the queue and audit follow). */
  priorityForm() {
    const id = `nc-priority-${this.n}`;
    const select = el('select', { className: 'nc-priority', attrs: { id } },
      ['akut', 'samma_dag', 'vardcentral', 'egenvard'].map((u) => el('option', { text: urgencyWords(u), attrs: { value: u } })));
    select.value = this.conv.summary.urgency || 'samma_dag';
    const form = el('form', { className: 'nc-priority-form', attrs: { novalidate: '' } }, [
      el('label', { text: 'Prioritet', attrs: { for: id } }), select,
      el('button', { className: 'nc-priority-set', text: 'Ändra prioritet', attrs: { type: 'submit' } }),
    ]);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.handlers.onPriority(this.conv.id, select.value);
    });
    return form;
  }

  closeForm() {
    const n = this.n;
    this.note = el('textarea', { className: 'nc-note', attrs: { id: `nc-note-${n}`, rows: '3' } });
    this.confirmButton = el('button', { className: 'nc-close-confirm', text: 'Avsluta samtalet', attrs: { type: 'submit' } });
    const cancel = el('button', { className: 'nc-close-cancel', text: 'Avbryt', attrs: { type: 'button' } });
    this.closeFormEl = el('form', { className: 'nc-close-form', attrs: { id: `nc-close-form-${n}`, hidden: '', novalidate: '' } }, [
      el('label', { text: 'Anteckning', attrs: { for: `nc-note-${n}` } }),
      this.note,
      el('div', { className: 'nc-form-row' }, [this.confirmButton, cancel]),
    ]);
    this.closeFormEl.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const note = this.note.value.trim();
      if (!note) { this.handlers.notice(TEXTS.noteMissing); this.note.focus(); return; }
      if (note.length > NOTE_MAX_CHARS) { this.handlers.notice(TEXTS.noteTooLong); return; }
      if (this.handlers.onClose(this.conv.id, note)) this.setBusy('close');
    });
    cancel.addEventListener('click', () => this.openClose(false));
    this.closeFormEl.addEventListener('keydown', (ev) => ev.key === 'Escape' && this.openClose(false));
    return this.closeFormEl;
  }

  openClose(open) {
    this.closeFormEl.hidden = !open;
    this.closeButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.note.focus();
      this.closeFormEl.scrollIntoView({ block: 'nearest' }); // the confirm button too, not only the box
    } else this.closeButton.focus();
  }

  submit() {
    const text = this.input.value;
    if (!text.trim() || this.sendButton.disabled) return;
    if (text.length > MAX_CHARS) { this.handlers.notice(TEXTS.tooLong); return; }
    if (!this.handlers.onSend(this.conv.id, text)) return; // offline: the text stays in the box
    this.input.value = '';
    this.updateCounter();
    this.input.focus();
  }

  updateCounter() {
    const len = this.input.value.length;
    this.counter.hidden = len < COUNTER_FROM;
    this.counter.classList.toggle('nc-over', len > MAX_CHARS);
    this.counter.textContent = `${len.toLocaleString('sv-SE')} av ${MAX_CHARS.toLocaleString('sv-SE')} tecken`;
  }

  /** 'release' / 'close' on their way: no second click; null gives the controls back (after an error). */
  setBusy(kind) {
    this.busy = kind;
    for (const c of [this.sendButton, this.releaseButton, this.closeButton, this.confirmButton]) c.disabled = Boolean(kind);
    this.releaseButton.textContent = kind === 'release' ? 'Lämnar tillbaka…' : 'Lämna tillbaka till Vårdlotsen';
    this.confirmButton.textContent = kind === 'close' ? 'Avslutar…' : 'Avsluta samtalet';
  }

  entryNode(entry) {
    const time = clockTime(entry.ts);
    const node = el('div', { className: `nc-entry nc-from-${entry.from}` }, [
      el('p', { className: 'nc-sender' }, [el('span', { className: 'nc-who', text: senderLabel(entry) }),
        time && el('span', { className: 'nc-time', text: ` ${time}` })]),
      entry.text && el('div', { className: 'nc-entry-text', text: entry.text }),
      ...customLines(entry.custom).map((line) => el('p', { className: 'nc-entry-custom', text: line })),
    ]);
    if (entry.seq !== null && entry.seq !== undefined) node.dataset.seq = String(entry.seq);
    return node;
  }

  atEnd() {
    const log = this.transcript;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  toEnd() { this.transcript.scrollTop = this.transcript.scrollHeight; }

  /** New entries at the end; the log follows them unless the nurse has scrolled up to read. */
  append(entries) {
    this.transcript.append(...entries.map((e) => this.entryNode(e)));
    if (this.stick) this.toEnd();
  }

  /** Called once the view is in the page: the transcript starts at its newest entry. */
  shown() {
    this.stick = true;
    this.toEnd();
  }

  setAlerted(on) {
    this.node.classList.toggle('nc-alerted', on);
    this.alertMark.hidden = !on;
  }
}
