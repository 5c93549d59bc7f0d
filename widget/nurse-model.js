/**
 * Nurse console: frames of /ws/nurse (docs/handover-protocol.md, section 3) → a safe internal model,
 * and the console's Swedish labels. DOM-free so it can be unit-tested in Node. Everything from the
 * network is untrusted: only known fields survive and types are coerced.
 */
import { bookingLines, handoverLines, MAX_CHARS, parseEntry, urgencyLabel } from './messages.js';
import { parseJsonObject } from './socket.js';

export { MAX_CHARS };
export const NOTE_MAX_CHARS = 4000;

/** Short urgency words for the queue; colour only repeats them. */
export const URGENCY_WORDS = Object.freeze({
  112: 'Livshotande (112)',
  akut: 'Akut',
  samma_dag: 'Samma dag',
  vardcentral: 'Vårdcentral',
  egenvard: 'Egenvård',
});
export const CHANNEL_LABELS = Object.freeze({ chatt: 'Chatt', telefon: 'Telefon' });
export const SBAR_SECTIONS = Object.freeze([['situation', 'Situation'], ['background', 'Bakgrund'],
  ['assessment', 'Bedömning'], ['recommendation', 'Rekommendation']]);
export const TEXTS = Object.freeze({
  lostClaim: 'En kollega tog samtalet först.',
  closed: 'Samtalet är avslutat.',
  released: 'Samtalet är lämnat tillbaka till Vårdlotsen.',
  offline: 'Ingen anslutning just nu – försök igen när konsolen är ansluten.',
  tooLong: `Meddelandet är för långt. Du kan skriva högst ${MAX_CHARS.toLocaleString('sv-SE')} tecken.`,
  noteTooLong: `Anteckningen är för lång. Du kan skriva högst ${NOTE_MAX_CHARS.toLocaleString('sv-SE')} tecken.`,
  noteMissing: 'Skriv en anteckning innan du avslutar samtalet.',
  logoutFailed: 'Utloggningen misslyckades. Försök igen.',
  meFailed: 'Konsolen kunde inte hämta din inloggning. Försök ladda om sidan.',
});

const str = (v) => (typeof v === 'string' ? v : null);
const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);
const list = (v) => (Array.isArray(v) ? v : []);
const count = (v) => (Number.isInteger(v) && v >= 0 ? v : null);
const pick = (table, key) => (typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : null);
/** A known urgency key, else null ("112" may come as a number). */
const urgency = (v) => (pick(URGENCY_WORDS, typeof v === 'number' ? String(v) : v) ? String(v) : null);
const channel = (v) => (v === 'telefon' ? 'telefon' : 'chatt');

export const urgencyWords = (u) => pick(URGENCY_WORDS, u) || 'Okänd brådska';
export const channelLabel = (c) => pick(CHANNEL_LABELS, c) || 'Chatt';

/** Seconds → "mm:ss" (minutes go past 59: "75:03"). */
export function formatWait(seconds) {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The waiting time a screen reader reads: "3 minuter 5 sekunder". */
export function spokenWait(seconds) {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const m = Math.floor(s / 60);
  return m ? `${m} ${m === 1 ? 'minut' : 'minuter'} ${s % 60} sekunder` : `${s} sekunder`;
}

/** Who wrote a history entry, as the nurse reads it. */
export function senderLabel(entry) {
  switch (entry.from) {
    case 'user': return 'Invånare';
    case 'bot': return 'Vårdlotsen';
    case 'nurse': return entry.nurse_name ? `Sjuksköterska ${entry.nurse_name}` : 'Sjuksköterska';
    default: return 'System';
  }
}

/** An entry's custom payload as short lines for the transcript (the citizen saw it as cards). */
export function customLines(custom) {
  if (!custom) return [];
  const lines = [];
  if (custom.triage) {
    const t = custom.triage;
    lines.push(`Bedömning: ${urgencyLabel(t.urgency)}${t.protocol_title ? ` (${t.protocol_title})` : ''}`);
  }
  if (custom.care_units) lines.push(`Mottagningar: ${custom.care_units.map((u) => u.name).join(', ')}`);
  if (custom.booking) lines.push(bookingLines(custom.booking).join(', '));
  if (custom.handover) lines.push(handoverLines(custom.handover).join(' '));
  return lines;
}

/** "14:05" in Stockholm time for a unix timestamp in seconds, or null. */
export function clockTime(ts) {
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return null;
  return new Date(ts * 1000).toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit',
    minute: '2-digit' });
}

export function parseQueueItem(raw) {
  const q = obj(raw);
  if (!q || !str(q.conversation)) return null;
  return { conversation: q.conversation, urgency: urgency(q.urgency), channel: channel(q.channel),
    waiting_s: count(q.waiting_s) ?? 0, position: count(q.position), status: ['held', 'callback'].includes(q.status) ? q.status : 'queued',
    nurse: str(q.nurse) || null, first_line: str(q.first_line) || '',
    phone: str(q.phone) && /^\+?[0-9 -]{5,20}$/.test(q.phone) ? q.phone : null };
}

export function parseSummary(raw) {
  const s = obj(raw) || {};
  const sbar = obj(s.sbar) || {};
  return {
    first_screen: list(s.first_screen).filter((l) => typeof l === 'string' && l.trim()),
    sbar: Object.fromEntries(SBAR_SECTIONS.map(([key]) => [key, str(sbar[key]) || ''])),
    answers: list(s.answers).map(obj).filter((a) => a && str(a.answer) !== null)
      .map((a) => ({ question: str(a.question) || '', answer: a.answer })),
    transcript: list(s.transcript).map(parseEntry).filter(Boolean),
    urgency: urgency(s.urgency),
    channel: channel(s.channel),
  };
}

/**
 * One raw /ws/nurse frame (string) → a frame object with only the fields the console uses, or null.
 * @returns {null|{type: string, [k: string]: any}}
 */
export function parseNurseFrame(data) {
  const f = parseJsonObject(data);
  if (!f) return null;
  const id = str(f.conversation);
  switch (f.type) {
    case 'hello': {
      const n = obj(f.nurse);
      return n ? { type: 'hello', nurse: { username: str(n.username) || '', name: str(n.name) || '',
        admin: n.admin === true } } : null;
    }
    case 'queue':
      return { type: 'queue', items: list(f.items).map(parseQueueItem).filter(Boolean) };
    case 'conversation':
      if (!id) return null;
      return { type: 'conversation', conversation: id, summary: parseSummary(f.summary),
        history: list(f.history).map(parseEntry).filter(Boolean) };
    case 'entry': {
      const entry = parseEntry(f.entry);
      return id && entry ? { type: 'entry', conversation: id, entry } : null;
    }
    case 'alert':
      if (!id) return null;
      return { type: 'alert', conversation: id, level: String(f.level) === '112' ? '112' : 'akut',
        title: str(f.title) || '', text: str(f.text) || '' };
    case 'claimed':
      return id ? { type: 'claimed', conversation: id, ok: f.ok === true } : null;
    case 'closed':
      return id ? { type: 'closed', conversation: id, reason: str(f.reason) || '' } : null;
    case 'error':
      return { type: 'error', text: str(f.text) || 'Något gick fel.' };
    case 'pong':
      return { type: 'pong' };
    default:
      return null;
  }
}

/** Parse the JSON of /nurse/api/me; null when it is not a usable login. */
export function parseMe(raw) {
  const me = obj(raw);
  if (!me || !str(me.csrf)) return null;
  return { username: str(me.username) || '', name: str(me.name) || str(me.username) || '',
    admin: me.admin === true, csrf: me.csrf };
}

/** ws(s)://same-host/ws/nurse for the page's own location. */
export function nurseSocketUrl(href) {
  const url = new URL('/ws/nurse', href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** Append entries to a conversation's history, skipping seqs already there; returns the ones added. */
export function mergeEntries(history, entries) {
  const seen = new Set(history.map((e) => e.seq).filter((s) => s !== null));
  const added = [];
  for (const e of entries) {
    if (e.seq !== null && seen.has(e.seq)) continue;
    if (e.seq !== null) seen.add(e.seq);
    history.push(e);
    added.push(e);
  }
  return added;
}
