/**
 * The names of the app contract's calls, events and streams as plain data, for code that must
 * not load the contract's zod schemas (the sandboxed preload cannot require packages). The
 * mapped types make the compiler refuse a missing or an extra name, so this list cannot drift
 * from src/shared/contract.ts.
 */
import type { AppContract } from '../contract';

type Every<K extends PropertyKey> = { readonly [P in K]: true };

const CALLS: Every<keyof AppContract['calls']> = {
  'app.info': true,
  'app.openExternal': true,
  'accounts.list': true,
  'accounts.detect': true,
  'accounts.testConnection': true,
  'accounts.create': true,
  'accounts.update': true,
  'accounts.setEnabled': true,
  'accounts.duplicate': true,
  'accounts.remove': true,
};

const EVENTS: Every<keyof AppContract['events']> = {
  'accounts.changed': true,
};

const STREAMS: Every<keyof AppContract['streams']> = {};

/** The names a contract declares, by kind. */
export interface ContractNames {
  readonly calls: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
  readonly streams: ReadonlySet<string>;
}

/** Every name of the app contract. */
export const APP_CONTRACT_NAMES: ContractNames = {
  calls: new Set(Object.keys(CALLS)),
  events: new Set(Object.keys(EVENTS)),
  streams: new Set(Object.keys(STREAMS)),
};
