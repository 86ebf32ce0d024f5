/**
 * Account domain: the settings of one mailbox, as stored (without secrets) and as shown.
 * Schemas here validate everything that crosses the contract.
 */
import { z } from 'zod';
import type { AppError } from './errors';
import { syncSettingsSchema } from './sync';

/** How a connection is secured: implicit TLS, STARTTLS upgrade, or none (loopback tools only). */
export const securitySchema = z.enum(['tls', 'starttls', 'none']);
export type Security = z.infer<typeof securitySchema>;

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Host is required')
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'Host may contain only letters, digits, dots, dashes and colons');

/** A server's address and security, and a certificate the user chose to trust. */
export const serverSettingsSchema = z.object({
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  security: securitySchema,
  /** SHA-256 fingerprint (AA:BB:..) of a certificate the user trusted although no CA vouches for it. */
  trustedCertificate: z
    .object({
      fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      pem: z.string().max(20_000),
    })
    .optional(),
});
export type ServerSettings = z.infer<typeof serverSettingsSchema>;

/** The six folder roles mapped to server folders; detected from SPECIAL-USE, overridable. */
export const FOLDER_ROLES = ['inbox', 'sent', 'drafts', 'trash', 'archive', 'junk'] as const;
export type FolderRole = (typeof FOLDER_ROLES)[number];
export const folderMappingSchema = z.object({
  inbox: z.string().max(1000).optional(),
  sent: z.string().max(1000).optional(),
  drafts: z.string().max(1000).optional(),
  trash: z.string().max(1000).optional(),
  archive: z.string().max(1000).optional(),
  junk: z.string().max(1000).optional(),
});
export type FolderMapping = z.infer<typeof folderMappingSchema>;

/** Known providers; 'custom' is any other IMAP/SMTP host. */
export const providerIdSchema = z.enum([
  'gmail',
  'microsoft',
  'yahoo',
  'icloud',
  'aol',
  'zoho',
  'fastmail',
  'gmx',
  'yandex',
  'proton-bridge',
  'custom',
]);
export type ProviderId = z.infer<typeof providerIdSchema>;

const emailSchema = z.string().trim().max(320).email('Enter a valid email address');

/** Everything the user enters for an account, without its id or secrets. */
export const accountDraftSchema = z.object({
  name: z.string().trim().min(1, 'Account name is required').max(200),
  provider: providerIdSchema,
  senderName: z.string().trim().max(200),
  email: emailSchema,
  replyTo: emailSchema.or(z.literal('')).optional(),
  /** The login name; may differ from the address. */
  login: z.string().trim().min(1, 'Login is required').max(320),
  auth: z.enum(['password', 'oauth']),
  /**
   * Where an OAuth account signs in when its provider is not Google or Microsoft (whose
   * endpoints and client come from the configuration): a self-hosted OpenID provider, found by
   * discovery, and the client registered there.
   */
  oauth: z
    .object({
      issuer: z.url().max(2000),
      clientId: z.string().trim().min(1).max(500),
      scopes: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
    })
    .optional(),
  /**
   * A shared mailbox reached with someone else's sign-in (Microsoft 365 delegates): the person
   * who signs in. IMAP and SMTP still log in as `login` (the shared address) with that token.
   */
  oauthDelegate: emailSchema.or(z.literal('')).optional(),
  imap: serverSettingsSchema,
  smtp: serverSettingsSchema.extend({
    noAuth: z.boolean(),
    /** Use the IMAP login and password for SMTP. */
    sameCredentialsAsImap: z.boolean(),
    /** Login for SMTP when it differs from IMAP. */
    login: z.string().trim().max(320).optional(),
  }),
  folders: folderMappingSchema,
  copySentToSentFolder: z.boolean(),
  isDefaultSender: z.boolean(),
  enabled: z.boolean(),
  scope: z.enum(['personal', 'team']),
  /** Folders, history window, polling and import rules; defaults apply when absent. */
  sync: syncSettingsSchema.optional(),
});
export type AccountDraft = z.infer<typeof accountDraftSchema>;

/** A stored account: the draft plus identity and state. Secrets live in the keychain only. */
export interface Account extends AccountDraft {
  readonly id: string;
  readonly createdAt: string;
  /** Set up without a password (by someone else, or copied): the user is asked on first use. */
  readonly awaitingPassword: boolean;
}

/** The status shown in the accounts list. */
export type AccountStatus = 'active' | 'disabled' | 'awaiting-password' | 'error';

/** An account as the UI shows it. */
export interface AccountView extends Account {
  readonly status: AccountStatus;
  /**
   * Why the account needs attention: the last connection error when status is 'error', or the
   * keychain error that kept its password from being saved (then status is 'awaiting-password').
   */
  readonly lastError?: AppError;
  /** When a connection test or sync last reached the servers (ISO 8601), successful or not. */
  readonly lastCheckedAt?: string;
}

/** Where a detection result came from, in the order they are tried. */
export type DetectionSource = 'preset' | 'mx' | 'srv' | 'guess';

/** Server settings suggested for an address. */
export interface DetectionResult {
  readonly provider: ProviderId;
  readonly providerName: string;
  readonly source: DetectionSource;
  readonly imap: { readonly host: string; readonly port: number; readonly security: Security };
  readonly smtp: { readonly host: string; readonly port: number; readonly security: Security };
  /** 'oauth' where the provider requires it (Microsoft), otherwise 'password'. */
  readonly auth: 'password' | 'oauth';
  /** False where the provider files sent mail itself (Gmail). */
  readonly copySentToSentFolder: boolean;
  /** Advice to show beside the password field (app passwords, IMAP to enable). */
  readonly hint?: string;
}

/** A certificate the server presented, for the user to inspect and trust. */
export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
  readonly pem: string;
}

/** One side (IMAP or SMTP) of a connection test. */
export interface CheckResult {
  readonly ok: boolean;
  readonly error?: AppError;
  /** Present on TLS_CERT_UNTRUSTED: the certificate the user may choose to trust. */
  readonly certificate?: CertificateInfo;
}

/** A folder as listed by the server. */
export interface FolderInfo {
  readonly path: string;
  readonly name: string;
  readonly delimiter: string;
  /** SPECIAL-USE flag such as \Sent, lower-cased servers normalised to this form. */
  readonly specialUse?: string;
  readonly selectable: boolean;
}

/** The result of Test Connection: IMAP and SMTP checked separately, no mail sent. */
export interface ConnectionTestResult {
  readonly imap: CheckResult & {
    readonly folders: readonly FolderInfo[];
    readonly mapping: FolderMapping;
  };
  readonly smtp: CheckResult;
}

/** Secrets entered with a draft; they go to the keychain and nowhere else. */
export const credentialsSchema = z.object({
  password: z.string().max(4096).optional(),
  smtpPassword: z.string().max(4096).optional(),
});
export type Credentials = z.infer<typeof credentialsSchema>;
