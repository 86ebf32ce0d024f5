/**
 * `mailcrm send ...`: sends one message through the same outbox state machine as the app
 * (src/shared/outbox), with a JSON file as the outbox. The message is written to the file with
 * its Message-ID before anything goes out; then whatever an earlier run left unfinished for the
 * same account is finished first (crash recovery), then the new message. Prints one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import type { OutgoingAttachment, OutgoingMessage } from '../../shared/compose';
import { appError, fail, toAppError, type AppError } from '../../shared/errors';
import type { OutboxItem, OutboxRemote } from '../../shared/outbox';
import {
  advanceOutboxItem,
  newOutboxItem,
  processOutbox,
  resolveUnsure,
  retryHeld,
  type OutboxDeps,
} from '../../shared/outbox/index';
import {
  contextFromVars,
  missingVariableError,
  parseTemplateFile,
  renderTemplate,
} from '../../shared/templates/render-template';
import { htmlToPlainText } from '../../shared/text/html-to-text';
import { createConsoleLogger } from '../../main/core/adapters/console-logger';
import { createNodeDnsResolver } from '../../main/core/adapters/node-dns-resolver';
import { openImapSession } from '../../main/core/imap/imap-session';
import { createAccountSender, type AccountSender } from '../../main/core/send/account-sender';
import { EXIT_FAILED, EXIT_OK, readCaFile, readFirstLine, writeJson, type CliIo } from '../cli-io';
import { defaultOutboxPath, openOutboxFile, type OutboxFile } from '../outbox-file';
import type { MessageArgs, SendArgs } from '../send-args';
import { cliTokenSource } from '../cli-oauth';

export { SEND_USAGE, parseSendArgs } from '../send-args';

/** What the send needs from outside the arguments, read before anything is queued. */
export interface SendInputs {
  readonly password: string;
  readonly extraCaPem: readonly string[];
}

/** Reads the CA file and the password; throws INVALID_INPUT (usage). */
export async function readSendInputs(args: SendArgs, io: CliIo): Promise<SendInputs> {
  const extraCaPem = args.caFile === undefined ? [] : [await readCaFile(args.caFile)];
  // An OAuth login reads its tokens from the keychain when it connects; stdin is not read.
  if (args.oauth !== undefined) return { password: '', extraCaPem };
  const password = await readFirstLine(io.stdin);
  if (password.length === 0)
    fail('INVALID_INPUT', 'stdin gave no password: pipe the password in as its first line.');
  return { password, extraCaPem };
}

/** The JSON printed for a failure, with the server's own words where there are any. */
function failureOutput(error: AppError): Record<string, unknown> {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.serverResponse === undefined ? {} : { serverResponse: error.serverResponse }),
    },
  };
}

async function readLocal(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return fail('INVALID_INPUT', `--${flag} ${path} cannot be read: ${reason}`);
  }
}

/** Content types of common attachments; anything else is application/octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Each --attach file as a staged attachment, and the token → path map the outbox keeps. */
async function attachmentsOf(
  paths: readonly string[],
): Promise<{ attachments: OutgoingAttachment[]; files: Record<string, string> }> {
  const attachments: OutgoingAttachment[] = [];
  const files: Record<string, string> = {};
  for (const path of paths) {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      return fail('INVALID_INPUT', `--attach ${path} cannot be read: ${reason}`);
    }
    const token = randomBytes(18).toString('base64url');
    files[token] = resolve(path);
    attachments.push({
      kind: 'staged',
      token,
      filename: basename(path),
      contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      size,
    });
  }
  return { attachments, files };
}

/** A failure before anything was queued: printed, exit 1 (not a usage error). */
class SendStop extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/** The body as text and optional HTML; a template's missing variable fails before queuing. */
async function bodyOf(
  message: MessageArgs,
): Promise<{ subject: string; text: string; html?: string }> {
  const { body } = message;
  switch (body.kind) {
    case 'text':
      return { subject: message.subject, text: body.text };
    case 'html-file': {
      const html = await readLocal(body.path, 'html-file');
      return { subject: message.subject, text: htmlToPlainText(html), html };
    }
    case 'template': {
      const template = parseTemplateFile(await readLocal(body.path, 'template'));
      let vars: unknown;
      try {
        vars = JSON.parse(body.vars);
      } catch {
        return fail('INVALID_INPUT', '--vars is not valid JSON.');
      }
      const rendered = renderTemplate(template, contextFromVars(vars));
      if (!rendered.ok) {
        const recipient = message.to[0]?.address ?? 'the recipient';
        throw new SendStop(missingVariableError(recipient, rendered.missing));
      }
      return {
        subject: rendered.subject,
        text: htmlToPlainText(rendered.bodyHtml),
        html: rendered.bodyHtml,
      };
    }
    default: {
      const unreachable: never = body;
      throw new Error(`Unknown body ${String(unreachable)}`);
    }
  }
}

/** `<random@domain-of-from>`: unique, and fixed before the first attempt. */
function newMessageId(from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1);
  return `<${randomBytes(16).toString('hex')}@${domain}>`;
}

async function buildOutgoing(
  args: SendArgs,
  message: MessageArgs,
  now: Date,
): Promise<{ outgoing: OutgoingMessage; files: Record<string, string> }> {
  const body = await bodyOf(message);
  const { attachments, files } = await attachmentsOf(message.attach);
  const outgoing: OutgoingMessage = {
    accountId: args.account.id,
    messageId: newMessageId(message.from.address),
    date: now.toISOString(),
    from: message.from,
    to: [...message.to],
    cc: [...message.cc],
    bcc: [...message.bcc],
    subject: body.subject,
    text: body.text,
    ...(body.html === undefined ? {} : { html: body.html }),
    ...(message.inReplyTo === undefined ? {} : { inReplyTo: message.inReplyTo }),
    references: [...message.references],
    attachments,
    readReceipt: false,
  };
  return { outgoing, files };
}

/** The account's sender as the CLI sets it up (also used by bench/send). */
export function createCliSender(
  args: SendArgs,
  inputs: SendInputs,
  outbox: OutboxFile,
  logStream: NodeJS.WritableStream,
): AccountSender {
  const logger = createConsoleLogger({ stream: logStream, quiet: true });
  const connection = {
    dns: createNodeDnsResolver(args.dnsServer === undefined ? undefined : [args.dnsServer]),
    extraCaPem: inputs.extraCaPem,
    logger,
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
  };
  const { account } = args;
  const oauth =
    args.oauth === undefined ? undefined : cliTokenSource(args.oauth, account.login, logger);
  return createAccountSender({
    account,
    openImap: () =>
      openImapSession(account, {
        ...connection,
        readCredentials: () => Promise.resolve({ password: inputs.password }),
        ...(oauth === undefined ? {} : { oauth }),
      }),
    smtpAuth: async (refresh) => {
      if (account.smtp.noAuth) return undefined;
      if (oauth === undefined) return { user: account.login, password: inputs.password };
      if (refresh === true) oauth.invalidate(account.id);
      return { user: account.login, accessToken: await oauth.getAccessToken(account.id) };
    },
    connection,
    attachments: {
      stagedPath: (token) => {
        const path = outbox.attachmentPath(token);
        if (path === undefined) fail('NOT_FOUND', 'An attachment of this message is gone.');
        return Promise.resolve(path);
      },
    },
    sentMemory: {
      get: () => outbox.sentMemory(account.id),
      set: (serverFiles) => outbox.setSentMemory(account.id, serverFiles),
    },
    logger,
  });
}

/** The sender as the state machine's remote. */
export function remoteOf(sender: AccountSender): OutboxRemote {
  return {
    send: (message) => sender.send(message),
    locate: (_accountId, messageId) => sender.locate(messageId),
    fileSent: (message) => sender.fileSent(message),
  };
}

/**
 * This account's unfinished items, ready to advance now: running the CLI is the user asking to
 * retry, so backoff waits are dropped (held items still wait for the user to act).
 */
function unfinished(outbox: OutboxFile, accountId: string, except?: string): OutboxItem[] {
  return outbox
    .items()
    .filter((item) => item.accountId === accountId && item.messageId !== except)
    .filter((item) => ['queued', 'sending', 'accepted'].includes(item.state) && !item.held)
    .map((item) => (item.retryAt === undefined ? item : retryHeld(item)));
}

/** One item as printed among the recovered ones. */
function summary(item: OutboxItem): Record<string, unknown> {
  return {
    messageId: item.messageId,
    state: item.state,
    ...(item.lastError === undefined ? {} : { error: failureOutput(item.lastError).error }),
  };
}

/** The result for the item this run was about, and its exit code. */
function outcome(item: OutboxItem): { output: Record<string, unknown>; code: number } {
  const base = { messageId: item.messageId };
  switch (item.state) {
    case 'sent-copy-confirmed':
      return { output: { ...base, sentCopy: item.sentCopy }, code: EXIT_OK };
    case 'queued':
      if (item.lastError === undefined) {
        // Scheduled: it waits for a later run (--flush) at or after --send-at.
        return { output: { ...base, state: 'queued', sendAt: item.sendAt }, code: EXIT_OK };
      }
      return {
        output: { ...failureOutput(item.lastError), ...base, state: 'queued', held: item.held },
        code: EXIT_FAILED,
      };
    case 'accepted':
    case 'sending':
    case 'unsure': {
      const error =
        item.lastError ?? appError('INTERNAL', `The message stopped in state ${item.state}.`);
      return { output: { ...failureOutput(error), ...base, state: item.state }, code: EXIT_FAILED };
    }
    default: {
      const unreachable: never = item.state;
      throw new Error(`Unknown outbox state ${String(unreachable)}`);
    }
  }
}

/** Runs the send with the inputs read from outside; prints the result; returns the exit code. */
export async function runSend(args: SendArgs, inputs: SendInputs, io: CliIo): Promise<number> {
  const now = (): Date => new Date();
  let messageId: string | undefined;
  let sender: AccountSender | undefined;
  let outbox: OutboxFile | undefined;
  try {
    outbox = await openOutboxFile(args.outbox ?? defaultOutboxPath(process.env, homedir()));
    let target: OutboxItem | undefined;
    const { mode } = args;
    if (mode.kind === 'send') {
      const { outgoing, files } = await buildOutgoing(args, mode.message, now());
      messageId = outgoing.messageId;
      target = newOutboxItem(outgoing, {
        now: now(),
        ...(mode.message.sendAt === undefined ? {} : { sendAt: mode.message.sendAt }),
      });
      // Durable before anything goes out: a crash from here on is recovered from the file.
      await outbox.queue(target, files);
    } else if (mode.kind === 'resolve') {
      messageId = mode.messageId;
      const found = outbox.item(mode.messageId);
      if (found === undefined || found.accountId !== args.account.id) {
        fail('NOT_FOUND', `The outbox holds no message ${mode.messageId} of this account.`);
      }
      target = resolveUnsure(found, mode.decision);
      await outbox.put(target);
    }
    sender = createCliSender(args, inputs, outbox, io.stderr);
    const deps: OutboxDeps = { store: outbox, remote: remoteOf(sender), now };
    // Earlier runs' leftovers first: they were queued before this message.
    const recovered = await processOutbox(unfinished(outbox, args.account.id, messageId), deps);
    const failedWrite = recovered.find((result) => !result.ok);
    if (failedWrite !== undefined && !failedWrite.ok) throw failedWrite.thrown;
    const recoveredOutput = recovered.map((result) => summary(result.item));
    if (target === undefined) {
      const allDone = recovered.every(
        (result) =>
          result.item.state === 'sent-copy-confirmed' ||
          (result.item.state === 'queued' && result.item.lastError === undefined),
      );
      writeJson(io.stdout, { recovered: recoveredOutput });
      return allDone ? EXIT_OK : EXIT_FAILED;
    }
    const final = await advanceOutboxItem(target, deps);
    const { output, code } = outcome(final);
    writeJson(
      io.stdout,
      recovered.length === 0 ? output : { ...output, recovered: recoveredOutput },
    );
    return code;
  } catch (thrown) {
    const error = thrown instanceof SendStop ? thrown.error : toAppError(thrown);
    writeJson(io.stdout, {
      ...failureOutput(error),
      ...(messageId === undefined ? {} : { messageId }),
    });
    return EXIT_FAILED;
  } finally {
    await sender?.close();
    await outbox?.close();
  }
}
