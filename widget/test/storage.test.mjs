import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../storage.js';

class MemoryStorage {
  constructor(init = {}) { this.map = new Map(Object.entries(init)); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}
const KEY = 'vardlotsen:v1:https://gw.example';

test('round trip under the namespaced key', () => {
  const mem = new MemoryStorage();
  const s = new Store('https://gw.example', mem);
  s.setSession('abc');
  s.addToOutbox({ client_id: 'abcdefgh', text: 'Hej', metadata: { geo: { lat: 1, lon: 2 } } });
  s.setHistory([{ seq: 1, from: 'bot', text: 'Välkommen' }]);
  const again = new Store('https://gw.example', mem);
  assert.equal(again.session, 'abc');
  assert.deepEqual(again.outbox, [{ client_id: 'abcdefgh', text: 'Hej', metadata: { geo: { lat: 1, lon: 2 } } }]);
  assert.equal(again.history[0].text, 'Välkommen');
  assert.deepEqual(again.removeFromOutbox('abcdefgh').text, 'Hej');
  assert.deepEqual(new Store('https://gw.example', mem).outbox, []);
  again.clear();
  assert.equal(mem.getItem(KEY), null);
});

test('corrupt or hostile stored data is ignored', () => {
  for (const raw of ['{nej', '[]', '"x"', JSON.stringify({ session: 5, outbox: [{ client_id: 'x', text: 1 }], history: 'h' })]) {
    const s = new Store('https://gw.example', new MemoryStorage({ [KEY]: raw }));
    assert.deepEqual([s.session, s.outbox, s.history], [null, [], []]);
  }
});

test('works in memory when storage throws (private mode)', () => {
  const broken = { getItem() { throw new Error('no'); }, setItem() { throw new Error('no'); }, removeItem() { throw new Error('no'); } };
  const s = new Store('https://gw.example', broken);
  s.setSession('abc');
  s.addToOutbox({ client_id: 'abcdefgh', text: 'Hej' });
  assert.equal(s.session, 'abc');
  assert.equal(s.outbox.length, 1);
  s.clear();
  assert.equal(s.session, null);
  assert.equal(new Store('https://gw.example', null).session, null);
});
