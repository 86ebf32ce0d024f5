import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { checkFolderDrift } from '../../src/renderer/features/sync/drift-check';
import type { FolderDrift } from '../../src/shared/sync';
import { FakeApi } from './support/fake-api';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

async function cacheInbox(count: number): Promise<void> {
  const uids = Array.from({ length: count }, (_, i) => i + 1);
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'INBOX',
    records: uids.map((uid) => record('INBOX', uid)),
    checkpoint: checkpoint(count),
  });
}

/** A server that says `facts` and remembers the sample it was sent. */
function server(facts: (sample: readonly string[]) => Omit<FolderDrift, 'folder'>) {
  const samples: (readonly string[])[] = [];
  const api = new FakeApi({
    'sync.drift': (input) => {
      samples.push(input.sampleMessageIds);
      return Promise.resolve({ folder: input.folder, ...facts(input.sampleMessageIds) });
    },
  });
  return { api, samples };
}

describe('drift check', () => {
  it('sends 50 distinct cached Message-IDs and reports ok when everything matches', async () => {
    db = freshDb();
    await cacheInbox(200);
    const { api, samples } = server(() => ({
      serverCount: 200,
      uidValidity: 1,
      missingOnServer: [],
    }));
    const report = await checkFolderDrift(api, db, ACCOUNT, 'INBOX');
    expect(report).toMatchObject({
      status: 'ok',
      cachedCount: 200,
      serverCount: 200,
      sampled: 50,
      reasons: [],
    });
    const sample = samples[0] ?? [];
    expect(new Set(sample).size).toBe(50);
    for (const id of sample) expect(id).toMatch(/^<m\d+@example\.test>$/);
  });

  it('reports drift for a count mismatch, missing samples or a new UIDVALIDITY', async () => {
    db = freshDb();
    await cacheInbox(10);
    const fewer = await checkFolderDrift(
      server(() => ({ serverCount: 12, uidValidity: 1, missingOnServer: [] })).api,
      db,
      ACCOUNT,
      'INBOX',
    );
    expect(fewer.status).toBe('drift');
    expect(fewer.reasons[0]).toContain('The server has 12 messages in INBOX');

    const missing = await checkFolderDrift(
      server((sample) => ({ serverCount: 10, uidValidity: 1, missingOnServer: sample.slice(0, 2) }))
        .api,
      db,
      ACCOUNT,
      'INBOX',
    );
    expect(missing).toMatchObject({
      status: 'drift',
      missingOnServer: expect.any(Array) as unknown,
    });
    expect(missing.reasons).toEqual(['2 of 10 sampled messages are no longer on the server.']);

    const rebuilt = await checkFolderDrift(
      server(() => ({ serverCount: 10, uidValidity: 7, missingOnServer: [] })).api,
      db,
      ACCOUNT,
      'INBOX',
    );
    expect(rebuilt.status).toBe('drift');

    const never = await checkFolderDrift(
      server(() => ({ serverCount: 0, uidValidity: 1, missingOnServer: [] })).api,
      db,
      ACCOUNT,
      'Sent',
    );
    expect(never).toMatchObject({ status: 'drift', reasons: ['Sent has never been synced.'] });
  });

  it('expects the messages exclude rules kept out to be on the server', async () => {
    db = freshDb();
    await cacheInbox(10);
    await db.checkpoints.update([ACCOUNT, 'INBOX'], { excludedTally: 3 });
    const report = await checkFolderDrift(
      server(() => ({ serverCount: 13, uidValidity: 1, missingOnServer: [] })).api,
      db,
      ACCOUNT,
      'INBOX',
    );
    expect(report).toMatchObject({ status: 'ok', excludedCount: 3 });
  });
});
