// The nurse console's DOM-free parts: frame parsing, labels, the websocket's reconnects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelLabel, clockTime, customLines, formatWait, mergeEntries, nurseSocketUrl, parseMe, parseNurseFrame,
  parseSummary, senderLabel, spokenWait, urgencyWords } from '../nurse-model.js';
import { NurseSocket } from '../nurse-socket.js';

const frame = (obj) => parseNurseFrame(JSON.stringify(obj));

test('junk, unknown types and frames without a conversation are dropped', () => {
  for (const raw of ['', 'nej', '[]', 'null', '{"type":"nope"}', '{"type":"conversation"}', '{"type":"claimed"}',
    '{"type":"alert"}', '{"type":"closed","conversation":5}', '{"type":"hello"}']) {
    assert.equal(parseNurseFrame(raw), null, raw);
  }
  assert.equal(parseNurseFrame(new ArrayBuffer(2)), null);
  assert.equal(frame({ type: 'entry', conversation: 'c1', entry: { from: 'hacker', text: 'x' } }), null);
});

test('queue items: known fields only, coerced, in the server order', () => {
  const f = frame({ type: 'queue', items: [
    { conversation: 'c2', urgency: 'akut', channel: 'telefon', waiting_s: 65, position: 1, status: 'queued',
      nurse: null, first_line: 'Ont i bröstet', extra: '<b>' },
    { conversation: 'c1', urgency: 'constructor', channel: 'fax', waiting_s: -3, position: 'ett', status: 'held',
      nurse: 'Karin', first_line: 5 },
    { conversation: 'c3', urgency: 'samma_dag', channel: 'telefon', waiting_s: 5, position: null, status: 'callback',
      nurse: null, first_line: 'Yrsel', phone: '070-123 45 67' },
    { conversation: 'c4', urgency: 'samma_dag', channel: 'telefon', waiting_s: 5, position: null, status: 'callback',
      nurse: null, first_line: 'x', phone: '<script>' },
    { urgency: 'akut' }, 'nej',
  ] });
  assert.deepEqual(f.items, [
    { conversation: 'c2', urgency: 'akut', channel: 'telefon', waiting_s: 65, position: 1, status: 'queued',
      nurse: null, first_line: 'Ont i bröstet', phone: null },
    { conversation: 'c1', urgency: null, channel: 'chatt', waiting_s: 0, position: null, status: 'held',
      nurse: 'Karin', first_line: '', phone: null },
    { conversation: 'c3', urgency: 'samma_dag', channel: 'telefon', waiting_s: 5, position: null, status: 'callback',
      nurse: null, first_line: 'Yrsel', phone: '070-123 45 67' },
    { conversation: 'c4', urgency: 'samma_dag', channel: 'telefon', waiting_s: 5, position: null, status: 'callback',
      nurse: null, first_line: 'x', phone: null },
  ]);
  assert.deepEqual(frame({ type: 'queue' }), { type: 'queue', items: [] });
});

test('conversation frames: summary sections, answers kept exactly as given, history entries', () => {
  const f = frame({ type: 'conversation', conversation: 'c1', summary: {
    first_screen: ['Brådska: Sök vård i dag (samma_dag)', 7, ' '],
    sbar: { situation: 'S', background: 'B', assessment: null, recommendation: 'R', other: 'x' },
    answers: [{ question_id: 'q1', question: 'Har du svårt att andas?', answer: '  nej det har jag inte ' },
      { question: 'Utan svar' }],
    transcript: [{ from: 'user', text: 'hej', ts: 1 }], urgency: 'samma_dag', channel: 'telefon' },
  history: [{ seq: 1, from: 'user', text: 'hej' }, { seq: 2, from: 'nurse', nurse_name: 'Anna', text: 'Hej!' }, 'x'] });
  assert.deepEqual(f.summary.first_screen, ['Brådska: Sök vård i dag (samma_dag)']);
  assert.deepEqual(f.summary.sbar, { situation: 'S', background: 'B', assessment: '', recommendation: 'R' });
  assert.deepEqual(f.summary.answers, [{ question: 'Har du svårt att andas?', answer: '  nej det har jag inte ' }]);
  assert.equal(f.summary.channel, 'telefon');
  assert.equal(f.summary.transcript.length, 1);
  assert.deepEqual(f.history.map((e) => [e.seq, e.from, e.nurse_name]), [[1, 'user', undefined], [2, 'nurse', 'Anna']]);
  const empty = parseSummary(null);
  assert.deepEqual([empty.first_screen, empty.answers, empty.urgency, empty.channel], [[], [], null, 'chatt']);
});

test('alert, claimed, closed, error and hello frames', () => {
  assert.deepEqual(frame({ type: 'alert', conversation: 'c1', level: 112, title: 'Svårt att andas', text: 'T' }),
    { type: 'alert', conversation: 'c1', level: '112', title: 'Svårt att andas', text: 'T' });
  assert.equal(frame({ type: 'alert', conversation: 'c1', level: 'x' }).level, 'akut');
  assert.deepEqual(frame({ type: 'claimed', conversation: 'c1', ok: 'true' }), { type: 'claimed', conversation: 'c1', ok: false });
  assert.deepEqual(frame({ type: 'claimed', conversation: 'c1', ok: true }), { type: 'claimed', conversation: 'c1', ok: true });
  assert.deepEqual(frame({ type: 'closed', conversation: 'c1' }), { type: 'closed', conversation: 'c1', reason: '' });
  assert.equal(frame({ type: 'closed', conversation: 'c1', reason: 'Invånaren avslutade chatten.' }).reason,
    'Invånaren avslutade chatten.');
  assert.deepEqual(frame({ type: 'error', text: 'Fel' }), { type: 'error', text: 'Fel' });
  assert.deepEqual(frame({ type: 'hello', nurse: { username: 'anna', name: 'Anna', admin: 'yes' } }),
    { type: 'hello', nurse: { username: 'anna', name: 'Anna', admin: false } });
});

test('labels: urgency in words, channel, sender, waiting time', () => {
  assert.deepEqual(['akut', 'samma_dag', 'vardcentral', 'egenvard', null, 'toString'].map(urgencyWords),
    ['Akut', 'Samma dag', 'Vårdcentral', 'Egenvård', 'Okänd brådska', 'Okänd brådska']);
  assert.deepEqual(['chatt', 'telefon', 'x'].map(channelLabel), ['Chatt', 'Telefon', 'Chatt']);
  assert.deepEqual([{ from: 'user' }, { from: 'bot' }, { from: 'nurse', nurse_name: 'Anna' }, { from: 'nurse' },
    { from: 'system' }].map(senderLabel), ['Invånare', 'Vårdlotsen', 'Sjuksköterska Anna', 'Sjuksköterska', 'System']);
  assert.deepEqual([0, 5, 65, 600, 3725, -4, NaN].map(formatWait), ['00:00', '00:05', '01:05', '10:00', '62:05', '00:00', '00:00']);
  assert.equal(spokenWait(65), '1 minut 5 sekunder');
  assert.equal(spokenWait(125), '2 minuter 5 sekunder');
  assert.equal(spokenWait(9), '9 sekunder');
  assert.equal(clockTime(1764118800), '02:00');
  assert.equal(clockTime('x'), null);
});

test('custom payloads become short transcript lines', () => {
  assert.deepEqual(customLines({ triage: { urgency: 'akut', protocol_title: 'Bröstsmärta' },
    care_units: [{ name: 'VC Norr' }, { name: 'Akuten' }],
    handover: { status: 'queued', position: 1, estimated_wait_s: null } }), [
    'Bedömning: Åk till akutmottagningen nu (Bröstsmärta)', 'Mottagningar: VC Norr, Akuten',
    'Du står i kö till en sjuksköterska Din plats i kön: 1']);
  assert.deepEqual(customLines(null), []);
});

test('login, socket address, entries merged once per seq', () => {
  assert.deepEqual(parseMe({ username: 'anna', name: 'Anna S', admin: true, csrf: 't' }),
    { username: 'anna', name: 'Anna S', admin: true, csrf: 't' });
  assert.equal(parseMe({ username: 'anna' }), null);
  assert.equal(parseMe({ username: 'anna', csrf: 't' }).name, 'anna');
  assert.equal(nurseSocketUrl('https://gw.example/nurse'), 'wss://gw.example/ws/nurse');
  assert.equal(nurseSocketUrl('http://127.0.0.1:8000/nurse?x=1'), 'ws://127.0.0.1:8000/ws/nurse');
  const history = [{ seq: 1 }];
  assert.deepEqual(mergeEntries(history, [{ seq: 1 }, { seq: 2 }, { seq: null }, { seq: 2 }]), [{ seq: 2 }, { seq: null }]);
  assert.equal(history.length, 3);
});

class FakeSocket {
  static all = [];
  constructor(url) { this.url = url; this.sent = []; this.readyState = 0; FakeSocket.all.push(this); }
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  receive(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
}

test('nurse socket: frames, pings, no sending while offline, reconnect with backoff', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  FakeSocket.all = [];
  const s = new NurseSocket({ url: 'wss://gw.example/ws/nurse', WebSocketImpl: FakeSocket, random: () => 1 });
  const events = [];
  for (const type of ['state', 'frame', 'lost']) s.addEventListener(type, (ev) => events.push([type, ev.detail]));
  s.start();
  assert.equal(s.send({ type: 'claim', conversation: 'c1' }), false, 'not open yet');
  const ws = FakeSocket.all[0];
  ws.open();
  ws.receive({ type: 'queue', items: [] });
  ws.receive({ type: 'nope' });
  assert.equal(s.send({ type: 'claim', conversation: 'c1' }), true);
  ctx.mock.timers.tick(25000);
  assert.deepEqual(ws.sent, [{ type: 'claim', conversation: 'c1' }, { type: 'ping' }]);
  ws.drop(1012);
  assert.equal(s.send({ type: 'ping' }), false);
  assert.deepEqual(events.map(([t, d]) => [t, d.state || d.frame?.type || d.code]),
    [['state', 'online'], ['frame', 'queue'], ['state', 'offline'], ['lost', 1012]]);
  assert.equal(events[3][1].opened, true);
  ctx.mock.timers.tick(499);
  assert.equal(FakeSocket.all.length, 1);
  ctx.mock.timers.tick(1);
  assert.equal(FakeSocket.all.length, 2, 'reconnects after 0.5 s');
  FakeSocket.all[1].drop();
  assert.equal(events[events.length - 1][1].opened, false, 'refused handshake: the console checks the login');
  ctx.mock.timers.tick(1000);
  assert.equal(FakeSocket.all.length, 3, 'then after 1 s');
  s.stop();
  ctx.mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 3, 'stopped: no more attempts');
});
