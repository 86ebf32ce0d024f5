/**
 * Events fan out from core to every connected client: each transport subscribes its
 * connections, core only sees an EventEmitterPort.
 */
import type { ContractShape, EventEmitterPort } from './define';
import type { EventMessage } from './wire';

/** An EventEmitterPort that transports subscribe to. */
export interface EventHub<C extends ContractShape> extends EventEmitterPort<C> {
  /** Receives every event emitted from now on; returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void;
}

/** Creates the hub for `contract`'s events. */
export function createEventHub<C extends ContractShape>(contract: C): EventHub<C> {
  const listeners = new Set<(message: EventMessage) => void>();
  return {
    emit(name, payload) {
      // Types already restrict names; this guards code that builds names at run time.
      if (!Object.hasOwn(contract.events, name)) {
        throw new Error(`"${name}" is not an event of this contract.`);
      }
      const message: EventMessage = { kind: 'event', name, payload };
      const errors: unknown[] = [];
      // One failing connection must not keep the event from the others.
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (thrown) {
          errors.push(thrown);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, `Delivering "${name}" failed.`);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
