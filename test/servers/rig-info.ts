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
  /** Dovecot: IDLE, CONDSTORE, QRESYNC, SPECIAL-USE, MOVE, UIDPLUS; folders Sent, Drafts, Trash, Junk, Archive. */
  readonly imap: { readonly tlsPort: number; readonly starttlsPort: number };
  /**
   * SMTP requires AUTH (after STARTTLS on the starttls port) and delivers accepted mail into
   * Dovecot before it answers 250. It relays nowhere: recipients outside example.test get 550.
   */
  readonly smtp: { readonly tlsPort: number; readonly starttlsPort: number };
  /** Dovecot's LMTP port, to seed mailboxes without going through SMTP (see deliver.ts). */
  readonly lmtp: { readonly port: number };
  /** At least two users: anna@example.test and ben@example.test. */
  readonly users: readonly RigUser[];
  /**
   * The passwd file Dovecot and the SMTP server both read. `addRigUser(rig)` in rig-users.ts
   * adds a user with a mailbox of its own (tests run in parallel on one rig).
   */
  readonly passwdFile: string;
  /** The servers' self-signed certificate (SAN: mail.example.test, localhost, 127.0.0.1). */
  readonly certificate: {
    readonly pem: string;
    readonly fingerprint256: string;
    readonly file: string;
    /** The certificate's private key (PEM file), for other loopback TLS servers in tests. */
    readonly keyFile: string;
  };
  /** The rig's DNS server ("127.0.0.1:PORT"), serving the example.test zone. */
  readonly dnsServer: string;
  /** A 127.0.0.1 port where nothing listens. */
  readonly closedPort: number;
  /** The rig's temp dir; tests may create subfolders. */
  readonly tempDir: string;
  /** Dovecot's log file, worth reading when an IMAP test fails. */
  readonly dovecotLog: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rig: RigInfo;
  }
}
