/**
 * The compose pane: a panel over the mail screen for new mail, a reply, reply all or a forward.
 * Every change goes to the draft store (this computer at once, the server's Drafts every few
 * seconds); Send queues the message(s) in the outbox, which sends in the background, offline too.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountView } from '../../../shared/account';
import type { KnownAddress } from '../../../shared/compose/completion';
import { sendsPerRecipient } from '../../../shared/compose/outgoing';
import type { SenderContext } from '../../../shared/compose/recipient-context';
import { toAppError, type AppError } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { DraftSession, SERVER_NOT_SAVED } from '../../db/draft-store';
import { storageError } from '../../db/storage-errors';
import {
  DEFAULT_COMPOSE_PREFERENCES,
  EMPTY_PROFILE,
  defaultSignature,
  getComposePreferences,
  getProfile,
  listSignatures,
  listTemplates,
} from '../../db/template-store';
import { useLiveQuery } from '../../db/useLiveQuery';
import { RichTextEditor } from '../templates/RichTextEditor';
import { loadAddressBook, loadRecipientRecords, useRecipientRecords } from './address-book';
import { AttachmentsField } from './AttachmentsField';
import { useComposeDeps, type ComposeDeps } from './compose-deps';
import {
  draftContentOf,
  recipientsOf,
  signatureHtml,
  startForm,
  type ComposeForm,
  type ComposeStart,
  pickTemplate,
} from './compose-form';
import { sendForm, type FieldErrors } from './compose-send';
import { useCompose, type ComposeRequest } from './composeSlice';
import { SignatureAndQuote } from './SignatureAndQuote';
import { TemplateBar } from './TemplateBar';
import { RecipientFields } from './RecipientFields';
import { ComposeOptions } from './ComposeOptions';
import { DraftStatusLine } from './DraftStatusLine';

const TITLES: Record<ComposeForm['kind'], string> = {
  new: 'New message',
  reply: 'Reply',
  'reply-all': 'Reply all',
  forward: 'Forward',
};

function ready<T>(result: ReturnType<typeof useLiveQuery<T>>, fallback: T): T {
  return result.status === 'ready' ? result.value : fallback;
}

function ComposeEditor(props: {
  readonly start: ComposeStart;
  readonly accounts: readonly AccountView[];
  readonly deps: ComposeDeps;
}) {
  const { deps, accounts } = props;
  const titleId = useId();
  const closeCompose = useCompose((state) => state.closeCompose);
  const [form, setForm] = useState<ComposeForm>(props.start.form);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sendError, setSendError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const [known, setKnown] = useState<readonly KnownAddress[]>([]);
  const queued = useRef(new Set<string>());
  const update = useCallback((patch: Partial<ComposeForm>) => {
    setForm((current) => ({ ...current, ...patch }));
  }, []);

  const account = accounts.find((a) => a.id === form.accountId);
  const db = deps.db;
  const accountId = form.accountId;
  const templates = ready(useLiveQuery(useCallback(() => listTemplates(db), [db])), []);
  const signatures = ready(
    useLiveQuery(useCallback(() => listSignatures(db, accountId), [db, accountId])),
    [],
  );
  const profile = ready(useLiveQuery(useCallback(() => getProfile(db), [db])), EMPTY_PROFILE);
  const preferences = ready(
    useLiveQuery(useCallback(() => getComposePreferences(db, accountId), [db, accountId])),
    props.start.preferences ?? DEFAULT_COMPOSE_PREFERENCES,
  );
  const signature = signatures.find((s) => s.id === form.signatureId);
  const sigHtml = signatureHtml(signature, profile, account);

  const [session] = useState(
    () =>
      new DraftSession(
        draftContentOf(props.start.form, account, '', deps.now()),
        {
          db,
          api: deps.api,
          now: deps.now,
          localDelayMs: deps.draftLocalDelayMs,
          serverDelayMs: deps.draftServerDelayMs,
        },
        props.start.existing,
      ),
  );

  // Completion reads the cache once per pane; without it the fields still take any address.
  useEffect(() => {
    loadAddressBook(db).then(setKnown, (thrown: unknown) =>
      console.warn('Address completion is unavailable', thrown),
    );
  }, [db]);

  // What the user changed is saved; the signature or account list loading is not a change.
  const latest = useRef({ account, sigHtml });
  latest.current = { account, sigHtml };
  const saved = useRef(props.start.form);
  useEffect(() => {
    if (form === saved.current) return;
    saved.current = form;
    const { account: from, sigHtml: signature } = latest.current;
    session.change(draftContentOf(form, from, signature, deps.now()));
  }, [form, session, deps]);

  // Leaving the mail screen with the pane open still saves the draft.
  const done = useRef(false);
  useEffect(
    () => () => {
      if (done.current) return;
      session.close().then(
        (serverError) => {
          if (serverError)
            useCompose.setState({ notice: { title: SERVER_NOT_SAVED, error: serverError } });
        },
        (thrown: unknown) => console.error('The draft could not be saved on close', thrown),
      );
    },
    [session],
  );

  const recipients = recipientsOf(form);
  const recipientAddresses = [...recipients.to, ...recipients.cc, ...recipients.bcc].map(
    (r) => r.address,
  );
  const knownRecipients = useRecipientRecords(db, recipientAddresses);
  const sender: SenderContext = {
    ...profile,
    email: account?.email ?? '',
    signatureHtml: sigHtml === '' ? undefined : sigHtml,
    knownRecipients,
  };
  const perRecipient = sendsPerRecipient({
    fromTemplate: form.templateId !== undefined,
    to: recipients.to,
    subject: form.subject,
    bodyHtml: form.bodyHtml,
  });

  async function close(): Promise<void> {
    setBusy(true);
    try {
      const serverError = await session.close();
      done.current = true;
      closeCompose(serverError ? { title: SERVER_NOT_SAVED, error: serverError } : undefined);
    } catch (thrown) {
      // Not saved locally: stay open so nothing typed is lost; the status line says why.
      setSendError(storageError(thrown, 'the draft'));
      setBusy(false);
    }
  }

  async function discard(): Promise<void> {
    setBusy(true);
    done.current = true;
    const error = await session.discard();
    closeCompose(
      error ? { title: 'The draft could not be removed from the server', error } : undefined,
    );
  }

  async function send(): Promise<void> {
    setBusy(true);
    setSendError(undefined);
    setErrors({});
    // Looked up again: a recipient typed just before Send may not be in knownRecipients yet.
    const records = await loadRecipientRecords(db, recipientAddresses).catch((thrown: unknown) => {
      console.warn('Contact data for the recipients is unavailable', thrown);
      return knownRecipients;
    });
    const outcome = await sendForm(deps, form, {
      account,
      preferences,
      signatureHtml: sigHtml,
      sender: { ...sender, knownRecipients: records },
      queued: queued.current,
    });
    if (!outcome.ok) {
      if (outcome.field === 'send') setSendError(outcome.error);
      else setErrors({ [outcome.field]: outcome.error.message });
      setBusy(false);
      return;
    }
    done.current = true;
    const removeError = await session.sent().catch((thrown: unknown) => toAppError(thrown));
    closeCompose(
      removeError
        ? {
            title: 'Sent; the copy in Drafts on the server could not be removed',
            error: removeError,
          }
        : undefined,
    );
  }

  function changeAccount(id: string): void {
    update({ accountId: id });
    const wantSignature = form.kind === 'new' || preferences.signatureOnReplies;
    defaultSignature(db, id).then(
      (row) => update({ signatureId: wantSignature ? (row?.id ?? '') : '' }),
      (thrown: unknown) => setSendError(toAppError(thrown)),
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    // The mail screen's single-key shortcuts must not act on what is typed here.
    event.stopPropagation();
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!busy) void send();
    } else if (event.key === 'Escape' && !event.defaultPrevented && !busy) {
      event.preventDefault();
      void close();
    }
  }

  const enabled = accounts.filter((a) => a.enabled);
  return (
    <section
      className="compose-pane"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      data-testid="compose-pane"
    >
      <header className="compose-header">
        <h2 id={titleId}>{TITLES[form.kind]}</h2>
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => void close()}
          disabled={busy}
          title="Close and keep the draft (Escape)"
        >
          Close
        </button>
      </header>
      <div className="compose-fields">
        <RecipientFields
          accounts={enabled}
          form={form}
          errors={errors}
          known={known}
          onAccount={changeAccount}
          onChange={update}
        />
        <div className="field">
          <label htmlFor={`${titleId}-subject`}>Subject</label>
          <input
            id={`${titleId}-subject`}
            type="text"
            data-testid="compose-subject"
            value={form.subject}
            onChange={(event) => update({ subject: event.target.value })}
          />
        </div>
        <TemplateBar
          templates={templates}
          templateId={form.templateId}
          onPick={(template) => update(pickTemplate(form, templates, template))}
          subject={form.subject}
          bodyHtml={form.bodyHtml}
          recipients={recipients.to}
          sender={sender}
          perRecipient={perRecipient}
        />
        <div className="compose-body" data-testid="compose-body">
          <RichTextEditor
            label="Message"
            valueHtml={form.bodyHtml}
            onChange={(bodyHtml) => update({ bodyHtml })}
          />
        </div>
        <SignatureAndQuote
          signatures={signatures}
          signatureId={form.signatureId}
          signatureHtml={sigHtml}
          onSignature={(signatureId) => update({ signatureId })}
          quote={form.quote}
          kind={form.kind}
          onRemoveQuote={() => update({ quote: undefined })}
          below={form.signatureBelowQuote}
        />
        <AttachmentsField
          api={deps.api}
          attachments={form.attachments}
          limitMb={preferences.attachmentLimitMb}
          onAdd={(attachment) =>
            setForm((current) => ({
              ...current,
              attachments: [...current.attachments, attachment],
            }))
          }
          onRemove={(attachment) => {
            setForm((current) => ({
              ...current,
              attachments: current.attachments.filter((a) => a !== attachment),
            }));
            if (attachment.kind === 'staged') {
              deps.api
                .call('attachments.discard', { token: attachment.token })
                .catch((thrown: unknown) =>
                  console.warn('A removed attachment stays staged until main cleans up', thrown),
                );
            }
          }}
        />
        <ComposeOptions
          readReceipt={form.readReceipt}
          sendAt={form.sendAt}
          error={errors.sendAt}
          onChange={update}
        />
      </div>
      <footer className="compose-footer">
        {sendError && <ErrorNotice title="Not sent" error={sendError} />}
        <div className="compose-actions">
          <button
            type="button"
            className="button"
            data-testid="compose-send"
            onClick={() => void send()}
            disabled={busy || enabled.length === 0}
            title="Ctrl+Enter"
          >
            {form.sendAt === '' ? 'Send' : 'Schedule'}
          </button>
          <button
            type="button"
            className="button button-secondary button-danger-quiet"
            onClick={() => void discard()}
            disabled={busy}
          >
            Discard
          </button>
          <DraftStatusLine session={session} />
        </div>
      </footer>
    </section>
  );
}

/** The pane for `request`; it reads the original and settings, then shows the editor. */
export function ComposePane(props: {
  readonly request: ComposeRequest;
  readonly accounts: readonly AccountView[];
}) {
  const deps = useComposeDeps();
  const [start, setStart] = useState<ComposeStart>();
  const [failure, setFailure] = useState<AppError>();
  const { request, accounts } = props;
  const [initial] = useState(() => ({ request, accounts }));

  useEffect(() => {
    startForm(deps.db, initial.request, initial.accounts, deps.random).then(
      setStart,
      (thrown: unknown) => setFailure(toAppError(thrown)),
    );
    // Once per pane: later account-list changes must not reset what the user typed.
  }, [deps.db, deps.random, initial]);

  if (start) return <ComposeEditor start={start} accounts={accounts} deps={deps} />;
  return (
    <section className="compose-pane" aria-label="Compose" data-testid="compose-pane">
      {failure ? (
        <ErrorNotice title="The message to answer could not be read" error={failure}>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => useCompose.getState().closeCompose()}
          >
            Close
          </button>
        </ErrorNotice>
      ) : (
        <Spinner label="Opening…" />
      )}
    </section>
  );
}
