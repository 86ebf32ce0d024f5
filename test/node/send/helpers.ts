/**
 * Helpers for the send tests: a send service over real accounts on the rig, messages to send,
 * and reading a mailbox back with imapflow and mailparser.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AccountDraft, AccountView } from '../../../src/shared/account';
import {
  outgoingMessageSchema,
  type OutgoingMessage,
  type OutgoingMessageInput,
} from '../../../src/shared/compose';
import {
  createAccountService,
  type AccountService,
} from '../../../src/main/core/accounts/account-service';
import {
  createAttachmentStaging,
  type AttachmentStaging,
} from '../../../src/main/core/send/attachment-staging';
import { createSendService, type SendService } from '../../../src/main/core/send/send-service';
import type { RigInfo, RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import { createTestCore, rigDraft, type TestCore } from '../accounts/core-deps';
import { rigClient } from '../imap/helpers';

/** A send service with one account for a fresh rig user. */
export interface SendSetup {
  readonly core: TestCore;
  readonly accounts: AccountService;
  readonly staging: AttachmentStaging;
  readonly service: SendService;
  readonly user: RigUser;
  readonly account: AccountView;
}

/** A fresh rig user with an account, and a send service over it. */
export async function sendSetup(
  rig: RigInfo,
  overrides: Partial<AccountDraft> = {},
  password?: string,
): Promise<SendSetup> {
  const core = await createTestCore(rig);
  const accounts = createAccountService(core.deps);
  const staging = createAttachmentStaging(await mkdtemp(join(rig.tempDir, 'staging-')));
  const user = await addRigUser(rig);
  const account = await accounts.create(rigDraft(rig, user, overrides), {
    password: password ?? user.password,
  });
  const service = createSendService(core.deps, accounts, { staging, sentWaitMs: 300 });
  return { core, accounts, staging, service, user, account };
}

/** A message from the account's user with a fresh Message-ID. */
export function outgoing(
  setup: Pick<SendSetup, 'account' | 'user'>,
  fields: Partial<OutgoingMessageInput>,
): OutgoingMessage {
  return outgoingMessageSchema.parse({
    accountId: setup.account.id,
    messageId: `<${randomUUID()}@example.test>`,
    date: new Date().toISOString(),
    from: { name: 'Sender Name', address: setup.user.email },
    text: 'Hello',
    ...fields,
  });
}

/** Every message in `folder` whose Message-ID is `messageId`, parsed. */
export async function readByMessageId(
  client: ImapFlow,
  folder: string,
  messageId: string,
): Promise<ParsedMail[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    if (uids === false || uids === undefined || uids.length === 0) return [];
    const sources: Buffer[] = [];
    for await (const message of client.fetch(uids, { source: true }, { uid: true })) {
      if (message.source !== undefined) sources.push(message.source);
    }
    return await Promise.all(sources.map((source) => simpleParser(source)));
  } finally {
    lock.release();
  }
}

/** How many messages `folder` holds. */
export async function countIn(client: ImapFlow, folder: string): Promise<number> {
  const status = await client.status(folder, { messages: true });
  return status === false ? 0 : (status.messages ?? 0);
}

/** Opens a plain client for a user, runs `work`, logs out. */
export async function withClient<T>(
  rig: RigInfo,
  user: RigUser,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = await rigClient(rig, user);
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}
