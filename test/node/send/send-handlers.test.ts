/** The send calls wired through createHandlers: staging, locate and drafts over the contract. */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import { createAccountService } from '../../../src/main/core/accounts/account-service';
import { createHandlers } from '../../../src/main/core/app/create-handlers';
import { createAttachmentStaging } from '../../../src/main/core/send/attachment-staging';
import { createSendService } from '../../../src/main/core/send/send-service';
import type { CallContext } from '../../../src/shared/ipc/define';
import { addRigUser } from '../../servers/rig-users';
import { createTestCore, rigDraft } from '../accounts/core-deps';

const rig = inject('rig');
const context: CallContext = { transport: 'memory', signal: { aborted: false } };

describe('send handlers', () => {
  it('stage a file, locate a Message-ID and save a draft', async () => {
    const core = await createTestCore(rig);
    const deps = { ...core.deps, stagingDir: await mkdtemp(join(rig.tempDir, 'staging-')) };
    const accounts = createAccountService(deps);
    const send = createSendService(deps, accounts, {
      staging: createAttachmentStaging(deps.stagingDir),
    });
    const handlers = createHandlers(deps, { accounts, send });
    try {
      const { token } = await handlers['attachments.begin'](
        { filename: 'a.txt', contentType: 'text/plain', size: 3 },
        context,
      );
      await handlers['attachments.append'](
        { token, offset: 0, base64: Buffer.from('abc').toString('base64') },
        context,
      );
      expect(await handlers['attachments.finish']({ token }, context)).toMatchObject({ size: 3 });
      await handlers['attachments.discard']({ token }, context);

      const user = await addRigUser(rig);
      const account = await accounts.create(rigDraft(rig, user), { password: user.password });
      expect(
        await handlers['outbox.locate'](
          { accountId: account.id, messageId: '<none@example.test>' },
          context,
        ),
      ).toEqual({ found: false });
      const ref = await handlers['drafts.save'](
        {
          message: {
            accountId: account.id,
            messageId: '<draft-handlers@example.test>',
            date: new Date().toISOString(),
            from: { name: '', address: user.email },
            to: [],
            cc: [],
            bcc: [],
            subject: 'Draft',
            text: 'Text',
            references: [],
            attachments: [],
            readReceipt: false,
          },
        },
        context,
      );
      expect(ref.folder).toBe('Drafts');
      await handlers['drafts.remove'](ref, context);
    } finally {
      await send.close();
    }
  });
});
