import Dexie from 'dexie';
import { expect, it } from 'vitest';

it('stores and reads back a row in real IndexedDB', async () => {
  const db = new Dexie(`probe-${crypto.randomUUID()}`);
  db.version(1).stores({ rows: 'id' });
  await db.table('rows').put({ id: 1, text: 'hello' });
  expect(await db.table('rows').get(1)).toEqual({ id: 1, text: 'hello' });
  db.close();
});
