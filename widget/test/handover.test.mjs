// The citizen widget's handover parts: status frames, nurse entries, the status line text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handoverStatusText, lastHandover, parseEntry, parseFrame, parseHistory } from '../messages.js';
import { Store } from '../storage.js';
import { Transport } from '../transport.js';

const frame = (obj) => parseFrame(JSON.stringify(obj));

test('status frames: a known handover status only, fields coerced', () => {
  assert.deepEqual(frame({ type: 'status', handover: { status: 'queued', position: 2, estimated_wait_s: 360,
    nurse_name: null, channel: 'chatt', extra: 1 } }),
  { type: 'status', handover: { status: 'queued', position: 2, estimated_wait_s: 360, nurse_name: null, channel: 'chatt',
    notice: null } });
  assert.deepEqual(frame({ type: 'status', handover: { status: 'connected', position: -1, estimated_wait_s: 1.5,
    nurse_name: 'Anna', channel: 'fax', notice: 5 } }).handover,
  { status: 'connected', position: null, estimated_wait_s: null, nurse_name: 'Anna', channel: 'chatt', notice: null });
  for (const handover of [null, 'queued', { status: 'constructor' }, { status: 'waiting' }, []]) {
    assert.equal(frame({ type: 'status', handover }), null);
  }
  assert.equal(frame({ type: 'status' }), null);
});

test('status line: an akut notice comes first', () => {
  assert.equal(handoverStatusText({ status: 'queued', position: 1, estimated_wait_s: 60, nurse_name: null,
    notice: 'Åk till akutmottagningen nu – vänta inte på svar här.' }),
  'Åk till akutmottagningen nu – vänta inte på svar här. Du står i kö till en sjuksköterska. Din plats i kön: 1. '
    + 'Beräknad väntetid: cirka 1 minut.');
});

test('status line: queue place and wait, the nurse by name, nothing once it is over', () => {
  assert.equal(handoverStatusText({ status: 'queued', position: 2, estimated_wait_s: 360, nurse_name: null }),
    'Du står i kö till en sjuksköterska. Din plats i kön: 2. Beräknad väntetid: cirka 6 minuter.');
  assert.equal(handoverStatusText({ status: 'queued', position: null, estimated_wait_s: null, nurse_name: null }),
    'Du står i kö till en sjuksköterska.');
  assert.equal(handoverStatusText({ status: 'queued', position: 1, estimated_wait_s: 0, nurse_name: null }),
    'Du står i kö till en sjuksköterska. Din plats i kön: 1. Beräknad väntetid: cirka 1 minut.');
  assert.equal(handoverStatusText({ status: 'connected', nurse_name: 'Anna' }), 'Du chattar nu med Sjuksköterska Anna.');
  assert.equal(handoverStatusText({ status: 'connected', nurse_name: null }), 'Du chattar nu med en sjuksköterska.');
  for (const status of ['ended', 'unavailable', 'callback_requested']) {
    assert.equal(handoverStatusText({ status, position: 1, estimated_wait_s: 60, nurse_name: 'Anna' }), null);
  }
  assert.equal(handoverStatusText(null), null);
});

test('nurse entries keep the nurse name; other senders never get one', () => {
  const e = parseEntry({ seq: 7, from: 'nurse', nurse_name: ' Anna ', text: 'Hej!', ts: 5 });
  assert.equal(e.nurse_name, 'Anna');
  assert.deepEqual(parseEntry(e), e, 'parsing is idempotent (the stored copy is parsed again)');
  assert.equal(parseEntry({ seq: 8, from: 'nurse', nurse_name: 42, text: 'Hej' }).nurse_name, null);
  assert.equal(parseEntry({ seq: 8, from: 'nurse', text: 'Hej' }).nurse_name, null);
  assert.equal('nurse_name' in parseEntry({ seq: 9, from: 'bot', nurse_name: 'Anna', text: 'x' }), false);
  assert.equal('nurse_name' in parseEntry({ seq: 9, from: 'user', nurse_name: 'Anna', text: 'x' }), false);
  assert.equal(frame({ type: 'entry', entry: { seq: 3, from: 'nurse', nurse_name: 'Anna', text: 'Hej' } }).entry.nurse_name, 'Anna');
});

test('handover entries still carry the card payload; the newest one sets the status line after a reload', () => {
  const history = parseHistory([
    { seq: 1, from: 'user', text: 'Jag vill prata med en sjuksköterska', client_id: 'abcdefgh1' },
    { seq: 2, from: 'system', text: '', custom: { handover: { status: 'queued', position: 3, estimated_wait_s: 600, channel: 'chatt' } } },
    { seq: 3, from: 'system', text: '', custom: { handover: { status: 'connected', nurse_name: 'Anna', channel: 'chatt' } } },
    { seq: 4, from: 'nurse', nurse_name: 'Anna', text: 'Hej!' },
  ]);
  assert.equal(history[1].custom.handover.status, 'queued');
  assert.deepEqual(lastHandover(history), { status: 'connected', position: null, estimated_wait_s: null,
    nurse_name: 'Anna', channel: 'chatt', notice: null });
  assert.equal(lastHandover(history.slice(0, 1)), null);
  assert.equal(lastHandover([]), null);
});

test('the transport passes status frames on as `status` events', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const sockets = [];
  class FakeSocket {
    constructor(url) { this.url = url; this.readyState = 0; sockets.push(this); }
    send() {}
    close() { this.readyState = 3; }
  }
  const t = new Transport({ url: 'wss://gw.example/ws/chat', store: new Store('https://gw.example', null),
    WebSocketImpl: FakeSocket, random: () => 1 });
  const seen = [];
  t.addEventListener('status', (ev) => seen.push(ev.detail.handover));
  t.start();
  const ws = sockets[0];
  ws.readyState = 1;
  ws.onopen();
  const receive = (obj) => ws.onmessage({ data: JSON.stringify(obj) });
  receive({ type: 'session', session: 's', resumed: false, history: [] });
  receive({ type: 'status', handover: { status: 'queued', position: 1, estimated_wait_s: 120, nurse_name: null, channel: 'chatt' } });
  receive({ type: 'status', handover: { status: 'nope' } });
  assert.deepEqual(seen, [{ status: 'queued', position: 1, estimated_wait_s: 120, nurse_name: null, channel: 'chatt',
    notice: null }]);
  t.stop();
});
