// The shared reconnect machinery (socket.js) on its own, through small subclasses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonObject, PING_EVERY_MS, ReconnectingSocket } from '../socket.js';

class FakeSocket {
  static all = [];
  static refuse = false;
  constructor(url) {
    if (FakeSocket.refuse) throw new SyntaxError('bad url');
    this.url = url; this.sent = []; this.readyState = 0; FakeSocket.all.push(this);
  }
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  receive(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
}

/** The defaults: online on open, every parsed frame recorded, lost links recorded. */
class Plain extends ReconnectingSocket {
  frames = [];
  losses = [];
  handle(frame) { this.frames.push(frame); }
  onLost(info) { this.losses.push(info); }
}

/** A handshake: hello on open, online only once `welcome` answers it, silence after 10 s. */
class Greeting extends ReconnectingSocket {
  constructor(options) { super({ ...options, silenceMs: 10000 }); }
  onOpen(ws) { this.write({ type: 'hello' }); this.expectFrame(ws); }
  handle(frame) { if (frame?.type === 'welcome') this.markOnline(); }
}

/** The backoff for attempt n with random() = 1 (no jitter taken off). */
const backoffCap = (n) => Math.min(15000, 500 * 2 ** n);

function setup(Kind) {
  FakeSocket.all = [];
  FakeSocket.refuse = false;
  const s = new Kind({ url: 'wss://gw.example/ws/x', WebSocketImpl: FakeSocket, random: () => 1 });
  const states = [];
  s.addEventListener('state', (ev) => states.push(ev.detail.state));
  return { s, states, last: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

test('parseJsonObject: a JSON object from a string, null for anything else', () => {
  assert.deepEqual(parseJsonObject('{"type":"pong","n":[1]}'), { type: 'pong', n: [1] });
  assert.deepEqual(parseJsonObject('{}'), {});
  for (const raw of ['', 'nej', '[]', '[{}]', 'null', '5', '"x"', 'true', '{"a":', new ArrayBuffer(2), null, undefined, {}]) {
    assert.equal(parseJsonObject(raw), null, String(raw));
  }
});

test('by default: online on open, frames parsed as JSON objects, pings with no silence timeout', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { s, states, last } = setup(Plain);
  assert.equal(s.state, 'connecting');
  s.start();
  assert.equal(s.write({ type: 'x' }), false, 'not open yet');
  const ws = last();
  assert.equal(ws.url, 'wss://gw.example/ws/x');
  ws.open();
  assert.equal(s.online, true);
  ws.receive({ type: 'a' });
  ws.onmessage({ data: '[1]' });
  assert.deepEqual(s.frames, [{ type: 'a' }, null]);
  ctx.mock.timers.tick(PING_EVERY_MS * 3);
  assert.deepEqual(ws.sent, [{ type: 'ping' }, { type: 'ping' }, { type: 'ping' }]);
  assert.deepEqual(states, ['online'], 'unanswered pings alone never drop the link');
  s.stop();
  assert.equal(ws.readyState, 3);
  assert.equal(s.online, false);
});

test('a dropped link: offline, onLost with the close code, retries after 0.5 s, 1 s, 2 s, 4 s', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { s, states, last } = setup(Plain);
  s.start();
  last().open();
  last().drop(1012);
  assert.deepEqual(s.losses, [{ code: 1012, opened: true }]);
  for (const wait of [500, 1000, 2000]) {
    const before = FakeSocket.all.length;
    ctx.mock.timers.tick(wait - 1);
    assert.equal(FakeSocket.all.length, before);
    ctx.mock.timers.tick(1);
    assert.equal(FakeSocket.all.length, before + 1, `retry after ${wait} ms`);
    last().drop();
  }
  ctx.mock.timers.tick(4000);
  assert.deepEqual(s.losses.slice(1), [1, 2, 3].map(() => ({ code: 1006, opened: false })), 'refused handshakes');
  last().open();
  assert.deepEqual(states, ['online', 'offline', 'online']);
  s.stop();
  assert.equal(s.losses.length, 4, 'stop() is not a lost link');
});

test('a socket that cannot even be constructed is retried with backoff', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { s } = setup(Plain);
  FakeSocket.refuse = true;
  s.start();
  assert.equal(s.ws, null);
  FakeSocket.refuse = false;
  ctx.mock.timers.tick(500);
  assert.equal(FakeSocket.all.length, 1);
  s.stop();
});

test('handshake: online only after the answer; no answer, or silence after a ping, drops the link', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { s, states, last } = setup(Greeting);
  s.start();
  last().open();
  assert.deepEqual(last().sent, [{ type: 'hello' }]);
  last().receive({ type: 'other' }); // not the answer: the handshake clock keeps running
  ctx.mock.timers.tick(10000);
  assert.deepEqual(states, ['offline']);
  ctx.mock.timers.tick(500);
  const ws = last();
  ws.open();
  ws.receive({ type: 'welcome' });
  ctx.mock.timers.tick(PING_EVERY_MS);
  ws.receive({ type: 'pong' });
  ctx.mock.timers.tick(PING_EVERY_MS); // (Node 20's mock clock: tick to the ping, then past it)
  assert.deepEqual(ws.sent, [{ type: 'hello' }, { type: 'ping' }, { type: 'ping' }]);
  ctx.mock.timers.tick(9999);
  assert.equal(s.state, 'online');
  ctx.mock.timers.tick(1);
  assert.deepEqual(states, ['offline', 'online', 'offline']);
  assert.equal(ws.readyState, 3);
  s.stop();
});

test('the browser coming back online retries at once; stop() stops listening', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const listeners = new Map();
  const saved = [globalThis.addEventListener, globalThis.removeEventListener];
  globalThis.addEventListener = (type, fn) => listeners.set(type, fn);
  globalThis.removeEventListener = (type, fn) => listeners.get(type) === fn && listeners.delete(type);
  try {
    const { s, last } = setup(Plain);
    s.start();
    for (let i = 0; i < 4; i += 1) { last().drop(); ctx.mock.timers.tick(backoffCap(i)); }
    last().drop(); // next try would be 8 s away
    const before = FakeSocket.all.length;
    listeners.get('online')();
    assert.equal(FakeSocket.all.length, before + 1, 'reconnects without waiting');
    listeners.get('online')();
    assert.equal(FakeSocket.all.length, before + 1, 'one socket at a time');
    last().drop();
    ctx.mock.timers.tick(499);
    assert.equal(FakeSocket.all.length, before + 1);
    ctx.mock.timers.tick(1);
    assert.equal(FakeSocket.all.length, before + 2, 'the backoff started over');
    s.stop();
    assert.equal(listeners.has('online'), false);
  } finally {
    [globalThis.addEventListener, globalThis.removeEventListener] = saved;
  }
});
