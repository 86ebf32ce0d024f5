/**
 * The names a contract declares, by kind, derived from the contract object itself so they can
 * never drift from it. The preload uses them to refuse anything the contract does not declare.
 */
import type { ContractShape } from './define';

/** The names a contract declares, by kind. */
export interface ContractNames {
  readonly calls: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
  readonly streams: ReadonlySet<string>;
}

/** Lists every call, event and stream name of a contract. */
export function contractNames(contract: ContractShape): ContractNames {
  return {
    calls: new Set(Object.keys(contract.calls)),
    events: new Set(Object.keys(contract.events)),
    streams: new Set(Object.keys(contract.streams)),
  };
}
