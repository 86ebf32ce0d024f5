/**
 * What the real-server rig (test/servers/rig.ts) hands to tests through vitest's provide/inject.
 * Everything listens on 127.0.0.1 only.
 */
export interface RigUser {
  readonly login: string;
  readonly password: string;
  readonly email: string;
}

export interface RigInfo {
  readonly host: '127.0.0.1';
  /** A host name the rig's DNS resolves to 127.0.0.1 and the rig's certificate names. */
  readonly hostname: 'mail.example.test';
  /** A host name resolving to 127.0.0.1 that the certificate does NOT name. */
  readonly mismatchedHostname: 'other.example.test';
  readonly imap: { readonly tlsPort: number; readonly starttlsPort: number };
  /** SMTP requires AUTH and delivers accepted mail into Dovecot. */
  readonly smtp: { readonly tlsPort: number; readonly starttlsPort: number };
  /** At least two users: anna@example.test and ben@example.test. */
  readonly users: readonly RigUser[];
  /** The servers' self-signed certificate (SAN: mail.example.test, localhost, 127.0.0.1). */
  readonly certificate: { readonly pem: string; readonly fingerprint256: string; readonly file: string };
  /** The rig's DNS server ("127.0.0.1:PORT"), serving the example.test zone. */
  readonly dnsServer: string;
  /** A 127.0.0.1 port where nothing listens. */
  readonly closedPort: number;
  /** The rig's temp dir; tests may create subfolders. */
  readonly tempDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rig: RigInfo;
  }
}
