/**
 * `window.mailcrm`: the contract as the Electron preload exposes it (absent in a plain browser,
 * where the client talks to the browser bridge instead).
 */
import type { AppContract } from '../../shared/contract';
import type { ResultBridge } from '../../shared/ipc/result-bridge';

declare global {
  interface Window {
    readonly mailcrm?: ResultBridge<AppContract>;
  }
}

export {};
