import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../storage.js';
import { backoffDelay, Transport } from '../transport.js';

/** A scripted WebSocket: the test opens it, feeds it frames and closes it. */
class FakeSocket {
  static all = [];
  constructor(url) { this.url = url; this.sent = []; this.readyState = 0; FakeSocket.all.push(this); }
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  receive(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  drop() { this.readyState = 3; this.onclose?.({ code: 1006 }); }
  types() { return this.sent.map((f) => f.type); }
}

function setup(storeInit = null) {
  FakeSocket.all = [];
  const store = new Store('https://gw.example', null);
  if (storeInit) store.setSession(storeInit);
  const t = new Transport({ url: 'wss://gw.example/ws/chat', store, WebSocketImpl: FakeSocket, random: () => 1 });
  const events = [];
  for (const type of ['state', 'session', 'ack', 'entry', 'typing', 'error', 'ended', 'unreachable']) {
    t.addEventListener(type, (ev) => events.push([type, ev.detail]));
  }
  return { t, store, events, last: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

test('backoff doubles from 0.5 s to 15 s with jitter', () => {
  assert.equal(backoffDelay(0, () => 0), 250);
  assert.equal(backoffDelay(0, () => 1), 500);
  assert.equal(backoffDelay(3, () => 1), 4000);
  assert.equal(backoffDelay(20, () => 1), 15000);
  assert.equal(backoffDelay(20, () => 0), 7500);
});

test('hello first, outbox sent only after the session frame, removed on ack', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { t, store, events, last } = setup('old');
  const item = t.send({ text: 'Jag har ont', payload: '' });
  t.start();
  const ws = last();
  assert.equal(ws.url, 'wss://gw.example/ws/chat');
  ws.open();
  assert.deepEqual(ws.sent, [{ type: 'hello', session: 'old' }]);
  ws.receive({ type: 'session', session: 'new', resumed: false, history: [], expires_in_s: 1800 });
  assert.deepEqual(ws.types(), ['hello', 'message']);
  assert.deepEqual(ws.sent[1], { type: 'message', client_id: item.client_id, text: 'Jag har ont' });
  assert.equal(store.session, 'new');
  assert.deepEqual(events.find(([n]) => n === 'session')[1].hadSession, true);
  ws.receive({ type: 'ack', client_id: item.client_id, seq: 1, duplicate: false });
  assert.deepEqual(store.outbox, []);
  assert.deepEqual(events.filter(([n]) => n === 'state').map(([, d]) => d.state), ['online']);
  t.stop();
});

test('a dropped link goes offline, reconnects with backoff and re-sends the outbox', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { t, events, last } = setup();
  t.start();
  last().open();
  last().receive({ type: 'session', session: 's', resumed: false, history: [] });
  last().drop();
  const item = t.send({ text: 'Skrivet offline' });
  assert.equal(t.state, 'offline');
  assert.equal(FakeSocket.all.length, 1);
  ctx.mock.timers.tick(499);
  assert.equal(FakeSocket.all.length, 1);
  ctx.mock.timers.tick(1);
  assert.equal(FakeSocket.all.length, 2);
  last().drop(); // refused: next try after 1 s
  ctx.mock.timers.tick(1000);
  const ws = last();
  assert.equal(FakeSocket.all.length, 3);
  ws.open();
  assert.deepEqual(ws.sent, [{ type: 'hello', session: 's' }]);
  ws.receive({ type: 'session', session: 's', resumed: true, history: [] });
  assert.equal(ws.sent[1].client_id, item.client_id);
  ws.receive({ type: 'ack', client_id: item.client_id, seq: 3, duplicate: true });
  assert.deepEqual(t.store.outbox, []);
  assert.deepEqual(events.filter(([n]) => n === 'state').map(([, d]) => d.state), ['online', 'offline', 'online']);
  t.stop();
});

test('ping every 25 s; silence after a ping counts as a lost link', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { t, last } = setup();
  t.start();
  const ws = last();
  ws.open();
  ws.receive({ type: 'session', session: 's', resumed: false, history: [] });
  ctx.mock.timers.tick(25000);
  assert.deepEqual(ws.types(), ['hello', 'ping']);
  ws.receive({ type: 'pong' });
  ctx.mock.timers.tick(25000);
  assert.deepEqual(ws.types(), ['hello', 'ping', 'ping']);
  ctx.mock.timers.tick(10000); // no pong
  assert.equal(t.state, 'offline');
  assert.equal(ws.readyState, 3);
  t.stop();
});

test('refused message leaves the outbox and is handed back; unreachable after 10 s', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { t, events, last } = setup();
  t.start();
  last().drop();
  ctx.mock.timers.tick(10000);
  assert.equal(events.filter(([n]) => n === 'unreachable').length, 1);
  const ws = last();
  ws.open();
  ws.receive({ type: 'session', session: 's', resumed: false, history: [] });
  const item = t.send({ text: 'Hjälp' });
  ws.receive({ type: 'error', code: 'rate_limited', text: 'Vänta', client_id: item.client_id });
  const [, err] = events.find(([n]) => n === 'error');
  assert.equal(err.item.text, 'Hjälp');
  assert.deepEqual(t.store.outbox, []);
  t.stop();
});

test('end: says end, forgets locally, stays closed until restart with a fresh session', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { t, store, last } = setup();
  t.start();
  const ws = last();
  ws.open();
  ws.receive({ type: 'session', session: 's', resumed: false, history: [] });
  t.end();
  assert.deepEqual(ws.types(), ['hello', 'end']);
  assert.equal(store.session, null);
  ws.receive({ type: 'ended' });
  assert.equal(ws.readyState, 3);
  ctx.mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 1);
  t.restart();
  last().open();
  assert.deepEqual(last().sent, [{ type: 'hello', session: null }]);
  t.stop();
});

test('ended from the gateway (e.g. another tab) clears storage and stops', (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const { t, store, events, last } = setup();
  t.start();
  last().open();
  last().receive({ type: 'session', session: 's', resumed: false, history: [] });
  last().receive({ type: 'ended' });
  assert.equal(store.session, null);
  assert.ok(events.some(([n]) => n === 'ended'));
  ctx.mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 1);
});
