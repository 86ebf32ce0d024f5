/**
 * What the real-server rig (test/servers/rig.ts) hands to tests through vitest's provide/inject.
 * Everything listens on 127.0.0.1 only.
 */
export interface RigUser {
  readonly login: string;
  readonly password: string;
  readonly email: string;
}

/** A test client of the rig's authorization server. */
export interface RigOidcClient {
  readonly clientId: string;
  /** The scopes it may ask for (space-separated). */
  readonly scope: string;
  /** How long its access tokens live. */
  readonly accessTokenSeconds: number;
}

/**
 * The rig's OAuth 2 / OpenID authorization server (oidc-provider, see oidc-server.ts). Its
 * tokens are what Dovecot (oauth2 passdb: XOAUTH2, OAUTHBEARER) and the SMTP server (XOAUTH2)
 * accept; both check them by introspection. The login is scripted: the authorization request's
 * `login_hint` names the rig user who signs in; an unknown user gets access_denied.
 */
export interface RigOidc {
  /** http://127.0.0.1:PORT; discovery at /.well-known/openid-configuration. */
  readonly issuer: string;
  /**
   * A public native client (no secret, PKCE S256 required): redirect http://127.0.0.1:ANY/callback
   * (RFC 8252 section 7.3); a refresh token with every code, rotated on every refresh.
   */
  readonly client: RigOidcClient;
  /** The same, with access tokens that expire after a few seconds. */
  readonly shortLivedClient: RigOidcClient;
  /** The resource-server credentials Dovecot and the SMTP server introspect with (RFC 7662). */
  readonly introspection: {
    readonly url: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
  /** Token revocation (RFC 7009); revoking a refresh token revokes its whole grant. */
  readonly revocationUrl: string;
}

export interface RigInfo {
  readonly host: '127.0.0.1';
  /** A host name the rig's DNS resolves to 127.0.0.1 and the rig's certificate names. */
  readonly hostname: 'mail.example.test';
  /** A host name resolving to 127.0.0.1 that the certificate does NOT name. */
  readonly mismatchedHostname: 'other.example.test';
  /**
   * Dovecot: IDLE, CONDSTORE, QRESYNC, SPECIAL-USE, MOVE, UIDPLUS; folders Sent, Drafts, Trash,
   * Junk, Archive. Logins: PLAIN/LOGIN with the password, XOAUTH2/OAUTHBEARER with an access
   * token of `oidc` (introspected per login, so an expired or revoked token fails at once).
   */
  readonly imap: { readonly tlsPort: number; readonly starttlsPort: number };
  /**
   * SMTP requires AUTH (after STARTTLS on the starttls port: PLAIN/LOGIN, or XOAUTH2 with an
   * access token of `oidc`) and delivers accepted mail into Dovecot before it answers 250. It relays nowhere: recipients outside example.test get 550.
   */
  readonly smtp: {
    readonly tlsPort: number;
    readonly starttlsPort: number;
    /**
     * The same server, but it also files every accepted message into the authenticated
     * sender's Sent folder before the 250, as Gmail does (Dovecot LMTP to user+Sent).
     */
    readonly filingTlsPort: number;
    readonly filingStarttlsPort: number;
  };
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
  /** The authorization server whose tokens Dovecot and the SMTP server accept. */
  readonly oidc: RigOidc;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rig: RigInfo;
  }
}
