// Unit tests for the DOM-free parsers: node --test widget/test/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bookingLines, formatTime, handoverLines, isClientId, linkify, newClientId, parseEntry, parseFrame,
  safeHttpUrl, telHref, unitTypeLabel, urgencyLabel } from '../messages.js';

const frame = (obj) => parseFrame(JSON.stringify(obj));

test('frames: junk, unknown types and bad ids are dropped', () => {
  for (const raw of ['', 'nej', '[]', 'null', '{"type":"nope"}', '{"type":"session"}']) assert.equal(parseFrame(raw), null);
  assert.equal(parseFrame(new ArrayBuffer(2)), null);
  assert.equal(frame({ type: 'ack', client_id: 'kort', seq: 1 }), null);
  assert.deepEqual(frame({ type: 'ack', client_id: 'abcdefgh', seq: 2, duplicate: 'ja' }),
    { type: 'ack', client_id: 'abcdefgh', seq: 2, duplicate: false });
  assert.deepEqual(frame({ type: 'typing', on: 1 }), { type: 'typing', on: false });
  assert.deepEqual(frame({ type: 'error', code: 'too_long', text: 'För långt', client_id: null }),
    { type: 'error', code: 'too_long', text: 'För långt', client_id: null });
});

test('session frame keeps only showable history entries', () => {
  const f = frame({ type: 'session', session: 's1', resumed: true, expires_in_s: 1800, history: [
    { seq: 1, from: 'user', text: 'Hej', client_id: 'abcdefgh1', ts: 1 },
    { seq: 2, from: 'hacker', text: 'x' },
    { seq: 3, from: 'bot', text: '', buttons: [] },
    'nej',
  ] });
  assert.equal(f.history.length, 1);
  assert.equal(f.history[0].client_id, 'abcdefgh1');
});

test('entries: known fields only, buttons need string title and payload', () => {
  const e = parseEntry({ seq: 4, from: 'bot', text: 'Hur länge?', recipient_id: 'x', onclick: 'y',
    buttons: [{ title: 'Idag', payload: '/idag', extra: 1 }, { title: 5, payload: 'x' }, { payload: 'y' },
      { title: 'Utan' }, { title: '  ', payload: 'z' }] });
  assert.deepEqual(e, { seq: 4, from: 'bot', text: 'Hur länge?', client_id: null, ts: null,
    buttons: [{ title: 'Idag', payload: '/idag' }], custom: null });
  assert.deepEqual(parseEntry(e), e, 'parsing is idempotent (the stored copy is parsed again)');
});

test('custom payloads: unknown keys ignored, unknown urgency dropped', () => {
  const triage = { urgency: 'akut', protocol_id: 'p', reason_text: 'R', advice: 'A', worsening_advice: 'W',
    decided_by: [{ question_id: 'q', question: 'Feber?', answer: 'ja' }], subject: { who: 'self', age_band: 'vuxen' } };
  const e = parseEntry({ seq: 1, from: 'bot', text: '', custom: { triage, foo: { a: 1 } } });
  assert.deepEqual(Object.keys(e.custom), ['triage']);
  assert.equal(e.custom.triage.urgency, 'akut');
  for (const urgency of ['constructor', '__proto__', 'toString', null, 113]) {
    assert.equal(parseEntry({ seq: 1, from: 'bot', custom: { triage: { ...triage, urgency } } }), null);
  }
  const units = parseEntry({ seq: 1, from: 'bot', custom: { care_units: [{ name: 'VC', type: 'vardcentral',
    open_now: 'yes', distance_km: -1, example_data: true, digital: ['chatt', 'fax'] }, { type: 'x' }] } });
  assert.equal(units.custom.care_units.length, 1);
  assert.deepEqual([units.custom.care_units[0].open_now, units.custom.care_units[0].distance_km,
    units.custom.care_units[0].digital], [false, null, ['chatt']]);
});

test('urgency and unit type labels', () => {
  assert.deepEqual(['112', 'akut', 'samma_dag', 'vardcentral', 'egenvard'].map(urgencyLabel), ['Ring 112 nu',
    'Åk till akutmottagningen nu', 'Sök vård i dag', 'Kontakta vårdcentralen inom några dagar', 'Egenvård hemma']);
  assert.equal(urgencyLabel('constructor'), null);
  assert.equal(unitTypeLabel('narakut'), 'Närakut');
  assert.equal(unitTypeLabel('jourmottagning'), 'Jourmottagning');
  assert.equal(unitTypeLabel('okand_typ'), 'okand_typ');
  assert.equal(unitTypeLabel('toString'), 'toString');
});

test('links: only http(s), trailing punctuation left out', () => {
  assert.equal(safeHttpUrl('javascript:alert(1)'), null);
  assert.equal(safeHttpUrl('data:text/html,x'), null);
  assert.equal(safeHttpUrl('https://1177.se/a'), 'https://1177.se/a');
  assert.deepEqual(linkify('Se https://www.1177.se/halsa. Eller javascript:alert(1)'), [
    { text: 'Se ' }, { text: 'https://www.1177.se/halsa', href: 'https://www.1177.se/halsa' },
    { text: '. Eller javascript:alert(1)' }]);
  assert.deepEqual(linkify('ingen länk\nny rad'), [{ text: 'ingen länk\nny rad' }]);
});

test('phone numbers become tel: links only when they look like one', () => {
  assert.equal(telHref('010-123 45 67'), 'tel:0101234567');
  assert.equal(telHref('+46 (0)8 123'), 'tel:+4608123');
  assert.equal(telHref('javascript:alert(1)'), null);
  assert.equal(telHref('12'), null);
});

test('handover and booking texts', () => {
  assert.deepEqual(handoverLines({ status: 'queued', position: 2, estimated_wait_s: 300 }),
    ['Du står i kö till en sjuksköterska', 'Din plats i kön: 2', 'Beräknad väntetid: cirka 5 minuter']);
  assert.deepEqual(handoverLines({ status: 'connected', nurse_name: 'Anna' }), ['Du chattar nu med Sjuksköterska Anna']);
  const lines = bookingLines({ status: 'confirmed', start: '2025-11-27T09:30:00+01:00', mode: 'video', reference: null });
  assert.equal(lines[0], 'Din tid är bokad');
  assert.match(lines[1], /27 november.*09:30/);
  assert.equal(lines[2], 'Sätt: Videosamtal');
  assert.equal(formatTime('inte en tid'), null);
});

test('client ids are 22 url-safe characters and pass the protocol check', () => {
  const id = newClientId();
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(isClientId(id));
  assert.notEqual(id, newClientId());
});
