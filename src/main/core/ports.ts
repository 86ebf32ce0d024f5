/**
 * Ports: what core needs from the world, injected by each composition root (Electron main, the
 * browser bridge, the CLI, tests). Core never reaches for electron, keytar or the global DNS.
 */
import type { AppContract } from '../../shared/contract';
import type { EventEmitterPort } from '../../shared/ipc/define';

/** The OS keychain. Implementations throw AppFailure('SECRET_STORE_UNAVAILABLE') when unreachable. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns true when a secret was removed. */
  delete(account: string): Promise<boolean>;
  /** Checks the keychain can be reached, without reading any secret. */
  probe(): Promise<{ available: boolean; message?: string }>;
}

/** Non-secret settings, stored as one JSON document (electron-store / conf format). */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/** DNS record lookups used by provider detection (MX, SRV) and host resolution. */
export interface DnsResolver {
  resolveMx(domain: string): Promise<readonly { exchange: string; priority: number }[]>;
  resolveSrv(
    name: string,
  ): Promise<readonly { name: string; port: number; priority: number; weight: number }[]>;
  /** Resolves a host name to one IP address to connect to (A, then AAAA). */
  lookupHost(host: string): Promise<string>;
}

/** Wall-clock time, injected so time-dependent code is tested with fake time. */
export interface Clock {
  now(): number;
}

/** Structured logging; never given secrets. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Opens a URL in the user's browser (Electron's shell, or the bridge's own process). */
export interface ExternalOpener {
  open(url: string): Promise<void>;
}

/** Opens a file with the program the user's system chooses for it (Electron's shell, xdg-open). */
export interface FileOpener {
  openFile(path: string): Promise<void>;
}

/** Everything core needs, gathered by a composition root. */
export interface CoreDeps {
  readonly secrets: SecretStore;
  readonly settings: SettingsStore;
  readonly dns: DnsResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventEmitterPort<AppContract>;
  readonly browser: ExternalOpener;
  /** Opens saved attachments; without it "Open" is refused with a reason. */
  readonly files?: FileOpener;
  /** Extra trusted CA certificates (PEM), e.g. a company CA; added to Node's roots. */
  readonly extraCaPem?: readonly string[];
  /** Milliseconds before a connection attempt gives up. */
  readonly connectTimeoutMs?: number;
  /**
   * Where saved attachments go (the user's Downloads folder); the sync service falls back to
   * ~/Downloads when a composition root leaves it out.
   */
  readonly downloadsDir?: string;
  /**
   * Where files being attached are staged until their message is sent (kept across restarts);
   * the send service falls back to ~/.mailcrm/outbox-files when a composition root leaves it out.
   */
  readonly stagingDir?: string;
  readonly appVersion: string;
  readonly runtime: 'electron' | 'web';
}
