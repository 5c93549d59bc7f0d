/**
 * Server frames and history entries → a safe internal model (docs/chat-protocol.md).
 *
 * DOM-free so it can be unit-tested in Node. Everything from the network is untrusted: only known
 * fields survive, types are coerced, and links are allowed only for http(s) URLs. The model keeps
 * the server's field names, so parseEntry(parseEntry(x)) equals parseEntry(x) and the stored local
 * copy of the history can be parsed again on the next page load.
 */
import { parseJsonObject } from './socket.js';

export const MAX_CHARS = 2000;
const TZ = 'Europe/Stockholm';
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const PHONE = /^[0-9 +()-]{3,20}$/;
const SENDERS = new Set(['user', 'bot', 'nurse', 'system']);

export const URGENCY_LABELS = Object.freeze({
  112: 'Ring 112 nu',
  akut: 'Åk till akutmottagningen nu',
  samma_dag: 'Sök vård i dag',
  vardcentral: 'Kontakta vårdcentralen inom några dagar',
  egenvard: 'Egenvård hemma',
});

export const UNIT_TYPE_LABELS = Object.freeze({
  akutmottagning: 'Akutmottagning',
  narakut: 'Närakut',
  jourmottagning: 'Jourmottagning',
  vardcentral: 'Vårdcentral',
  barnakut: 'Barnakut',
  barnakutmottagning: 'Barnakutmottagning',
  barnavardcentral: 'Barnavårdscentral',
  psykiatrisk_akutmottagning: 'Psykiatrisk akutmottagning',
  ungdomsmottagning: 'Ungdomsmottagning',
  tandvard: 'Tandvård',
  tandvardsjour: 'Tandvårdsjour',
  apotek: 'Apotek',
  digital: 'Digital vård',
});

const BOOKING_TITLES = { offered: 'Förslag på tid', confirmed: 'Din tid är bokad',
  moved: 'Din tid är flyttad', cancelled: 'Din tid är avbokad' };
const BOOKING_MODES = { video: 'Videosamtal', telefon: 'Telefonsamtal', chatt: 'Chatt',
  fysiskt: 'Besök på mottagningen' };
const DIGITAL = { chatt: 'chatt', video: 'video', telefon: 'telefon' };

const str = (v) => (typeof v === 'string' ? v : null);
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v) => v === true;
const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);
const list = (v) => (Array.isArray(v) ? v : []);
/** Own keys only, so "constructor" or "__proto__" from the network never match a table. */
const pick = (table, key) => (typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : null);

/** @returns {string|null} the URL as parsed when it is absolute http(s), else null. */
export function safeHttpUrl(raw) {
  if (typeof raw !== 'string') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Split plain text into text and link segments. Trailing punctuation is left out of a link so that
 * "se https://1177.se." links to https://1177.se.
 * @returns {Array<{text: string, href?: string}>}
 */
export function linkify(text) {
  const out = [];
  const re = /\bhttps?:\/\/[^\s<>"']+/gi;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0].replace(/[.,;:!?)\]}»”’]+$/u, '');
    const href = safeHttpUrl(raw);
    if (!href) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: raw, href });
    last = m.index + raw.length;
    re.lastIndex = last;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

export const isClientId = (v) => typeof v === 'string' && CLIENT_ID.test(v);
export const urgencyLabel = (u) => pick(URGENCY_LABELS, u);
export const unitTypeLabel = (t) => pick(UNIT_TYPE_LABELS, t) || t;
/** A phone number fit for a tel: link, or null (then it is shown as text only). */
export const telHref = (phone) => (PHONE.test(phone || '') ? `tel:${phone.replace(/[^0-9+]/g, '')}` : null);

/** An ISO time as Swedish local time in Stockholm, e.g. "onsdag 26 november 08:00"; null if invalid. */
export function formatTime(iso) {
  if (typeof iso !== 'string') return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return d.toLocaleString('sv-SE', { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long',
    hour: '2-digit', minute: '2-digit' });
}

export const formatKm = (km) => `${km.toLocaleString('sv-SE', { maximumFractionDigits: 1 })} km bort`;

/** Handover status → the lines the citizen reads. */
export function handoverLines(h) {
  const name = h.nurse_name;
  switch (h.status) {
    case 'queued': {
      const lines = ['Du står i kö till en sjuksköterska'];
      if (h.position !== null) lines.push(`Din plats i kön: ${h.position}`);
      if (h.estimated_wait_s !== null) {
        const minutes = Math.max(1, Math.ceil(h.estimated_wait_s / 60));
        lines.push(`Beräknad väntetid: cirka ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}`);
      }
      return lines;
    }
    case 'connected':
      return [name ? `Du chattar nu med Sjuksköterska ${name}` : 'Du chattar nu med en sjuksköterska'];
    case 'ended':
      return ['Samtalet med sjuksköterskan är avslutat'];
    case 'unavailable':
      return ['Ingen sjuksköterska kan ta emot dig i chatten just nu.',
        'Ring 1177 för sjukvårdsrådgivning. Vid livshotande tillstånd – ring 112.'];
    case 'callback_requested':
      return ['En sjuksköterska ringer upp dig så snart som möjligt.'];
    default:
      return [];
  }
}

/**
 * The live handover status line above the input (a `status` frame or the newest handover entry), e.g.
 * "Du står i kö till en sjuksköterska. Din plats i kön: 2. Beräknad väntetid: cirka 6 minuter."
 * Null when there is nothing to wait for (ended, unavailable, callback requested): the line is hidden.
 */
export function handoverStatusText(h) {
  if (!h || (h.status !== 'queued' && h.status !== 'connected')) return null;
  const text = `${handoverLines(h).join('. ')}.`;
  return h.notice ? `${h.notice} ${text}` : text;
}

/** The newest handover state in a parsed history (the status line after a reload), or null. */
export function lastHandover(history) {
  for (let i = history.length - 1; i >= 0; i -= 1) if (history[i].custom?.handover) return history[i].custom.handover;
  return null;
}

/** Booking status → the lines the citizen reads. */
export function bookingLines(b) {
  const lines = [pick(BOOKING_TITLES, b.status)];
  const when = formatTime(b.start);
  if (when) lines.push(`Tid: ${when}`);
  if (b.mode) lines.push(`Sätt: ${pick(BOOKING_MODES, b.mode)}`);
  if (b.unit_name) lines.push(`Mottagning: ${b.unit_name}`);
  if (b.address) lines.push(`Adress: ${b.address}`);
  if (b.reference) lines.push(`Bokningskod: ${b.reference}`);
  return lines;
}

function parseTriage(raw) {
  const t = obj(raw);
  if (!t || !urgencyLabel(String(t.urgency))) return null;
  const decided = list(t.decided_by).map(obj).filter((d) => d && str(d.answer) !== null)
    .map((d) => ({ question: str(d.question) || '', answer: d.answer }));
  return { urgency: String(t.urgency), protocol_title: str(t.protocol_title),
    reason_text: str(t.reason_text) || '', advice: str(t.advice) || '',
    worsening_advice: str(t.worsening_advice) || '', decided_by: decided };
}

function parseUnit(raw) {
  const u = obj(raw);
  if (!u || !str(u.name)) return null;
  const km = num(u.distance_km);
  return { id: str(u.id) || '', name: u.name, type: str(u.type) || '', address: str(u.address),
    phone: str(u.phone), open_now: bool(u.open_now), opens_at: str(u.opens_at),
    distance_km: km !== null && km >= 0 ? km : null, why: str(u.why), example_data: bool(u.example_data),
    digital: list(u.digital).filter((d) => pick(DIGITAL, d)) };
}

const CALENDAR_PATH = /^\/bokning\/VL-[A-Z0-9]{6}\.ics\?t=[A-Za-z0-9_-]{8,64}$/;
const httpsUrl = (v) => (str(v) && /^https:\/\/[^\s"<>]+$/.test(v) ? v : null);

function parseBooking(raw) {
  const b = obj(raw);
  if (!b || !pick(BOOKING_TITLES, b.status)) return null;
  return { status: b.status, reference: str(b.reference), start: str(b.start),
    mode: pick(BOOKING_MODES, b.mode) ? b.mode : null, unit_name: str(b.unit_name), address: str(b.address),
    link: httpsUrl(b.link), calendar_url: str(b.calendar_url) && CALENDAR_PATH.test(b.calendar_url) ? b.calendar_url : null };
}

function parseHandover(raw) {
  const h = obj(raw);
  if (!h || !['queued', 'connected', 'ended', 'unavailable', 'callback_requested'].includes(h.status)) return null;
  const int = (v) => (Number.isInteger(v) && v >= 0 ? v : null);
  return { status: h.status, position: int(h.position), estimated_wait_s: int(h.estimated_wait_s),
    nurse_name: str(h.nurse_name) || null, channel: h.channel === 'telefon' ? 'telefon' : 'chatt',
    notice: str(h.notice)?.slice(0, 200) || null };
}

/** Known custom keys only; unknown keys are ignored. Null when nothing usable is left. */
function parseCustom(raw) {
  const c = obj(raw);
  if (!c) return null;
  const out = {};
  const triage = parseTriage(c.triage);
  if (triage) out.triage = triage;
  const units = list(c.care_units).map(parseUnit).filter(Boolean);
  if (units.length) out.care_units = units;
  const booking = parseBooking(c.booking);
  if (booking) out.booking = booking;
  const handover = parseHandover(c.handover);
  if (handover) out.handover = handover;
  return Object.keys(out).length ? out : null;
}

/** One history entry → model, or null when it cannot be shown. */
export function parseEntry(raw) {
  const e = obj(raw);
  if (!e || !SENDERS.has(e.from)) return null;
  const seq = Number.isInteger(e.seq) ? e.seq : null;
  const buttons = list(e.buttons).map(obj)
    .filter((b) => b && str(b.title) && str(b.payload) !== null && b.title.trim())
    .map((b) => ({ title: b.title, payload: b.payload }));
  const entry = { seq, from: e.from, text: str(e.text) || '', client_id: isClientId(e.client_id) ? e.client_id : null,
    ts: num(e.ts), buttons: e.from === 'user' ? [] : buttons, custom: e.from === 'user' ? null : parseCustom(e.custom) };
  if (e.from === 'nurse') entry.nurse_name = str(e.nurse_name)?.trim() || null;
  return entry.text || entry.buttons.length || entry.custom ? entry : null;
}

export const parseHistory = (raw) => list(raw).map(parseEntry).filter(Boolean);

/**
 * One raw websocket frame (string) → a frame object with only the fields the widget uses, or null.
 * @returns {null|{type: string, [k: string]: any}}
 */
export function parseFrame(data) {
  const f = parseJsonObject(data);
  if (!f) return null;
  switch (f.type) {
    case 'session':
      if (!str(f.session)) return null;
      return { type: 'session', session: f.session, resumed: bool(f.resumed), history: parseHistory(f.history) };
    case 'ack':
      if (!isClientId(f.client_id)) return null;
      return { type: 'ack', client_id: f.client_id, seq: Number.isInteger(f.seq) ? f.seq : null,
        duplicate: bool(f.duplicate) };
    case 'typing':
      return { type: 'typing', on: bool(f.on) };
    case 'entry': {
      const entry = parseEntry(f.entry);
      return entry ? { type: 'entry', entry } : null;
    }
    case 'error':
      return { type: 'error', code: str(f.code) || 'unknown', text: str(f.text) || '',
        client_id: isClientId(f.client_id) ? f.client_id : null };
    case 'status': {
      const handover = parseHandover(f.handover);
      return handover ? { type: 'status', handover } : null;
    }
    case 'ended':
    case 'pong':
      return { type: f.type };
    default:
      return null;
  }
}

/** A new client id: 128 random bits, base64url (22 characters). */
export function newClientId() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
