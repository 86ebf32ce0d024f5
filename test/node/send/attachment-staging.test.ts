/** Staging attached files: chunks in order, sizes checked, tokens that cannot name a path. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachmentTokenSchema } from '../../../src/shared/compose';
import { createAttachmentStaging } from '../../../src/main/core/send/attachment-staging';

async function staging(): Promise<ReturnType<typeof createAttachmentStaging>> {
  return createAttachmentStaging(await mkdtemp(join(tmpdir(), 'mailcrm-staging-')));
}

describe('attachment staging', () => {
  it('stages chunks in order; finish gives the size; the file survives a new instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailcrm-staging-'));
    const area = createAttachmentStaging(dir);
    const { token } = await area.begin('report.pdf', 'application/pdf', 10);
    expect(attachmentTokenSchema.safeParse(token).success).toBe(true);
    expect(token).toHaveLength(24);
    await area.append(token, 0, Buffer.from('hello').toString('base64'));
    await area.append(token, 5, Buffer.from('world').toString('base64'));
    // A restart: a new instance over the same folder finds the file.
    const again = createAttachmentStaging(dir);
    expect(await again.finish(token)).toEqual({
      token,
      filename: 'report.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    expect(await readFile(await again.stagedPath(token), 'utf8')).toBe('helloworld');
    await again.discard(token);
    await expect(again.stagedPath(token)).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses a chunk at the wrong offset', async () => {
    const area = await staging();
    const { token } = await area.begin('a.txt', 'text/plain', 6);
    await area.append(token, 0, Buffer.from('abc').toString('base64'));
    await expect(
      area.append(token, 0, Buffer.from('abc').toString('base64')),
    ).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
    await expect(area.append(token, 4, Buffer.from('d').toString('base64'))).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('refuses a file whose total differs from the announced size', async () => {
    const area = await staging();
    const { token } = await area.begin('a.txt', 'text/plain', 4);
    await area.append(token, 0, Buffer.from('ab').toString('base64'));
    await expect(area.finish(token)).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
    await expect(
      area.append(token, 2, Buffer.from('cde').toString('base64')),
    ).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('refuses tokens that could name a path, in the schema and in the staging itself', async () => {
    const area = await staging();
    for (const token of ['../../etc', '../../etc/passwd-xxxxxxxx', 'a/b', '']) {
      expect(attachmentTokenSchema.safeParse(token).success).toBe(false);
      await expect(area.stagedPath(token)).rejects.toMatchObject({
        error: { code: 'INVALID_INPUT' },
      });
      await expect(area.append(token, 0, '')).rejects.toMatchObject({
        error: { code: 'INVALID_INPUT' },
      });
    }
  });

  it('refuses a chunk that is not base64', async () => {
    const area = await staging();
    const { token } = await area.begin('a.txt', 'text/plain', 4);
    await expect(area.append(token, 0, 'not base64!')).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
  });
});
