/**
 * Runs jobs one at a time, first come first served, with coalescing: a request for a job that is
 * already waiting joins it, and requests that arrive while that job runs are served together by
 * one follow-up run (the running one may have read its input before they came).
 */

/** A lane of jobs identified by key. */
export interface SerialLane<T> {
  /** Resolves with the result of a run of `key` that starts after this request. */
  request(key: string): Promise<T>;
  /** The key running now. */
  readonly running: string | undefined;
  /** Keys waiting, in order. */
  readonly waiting: readonly string[];
  /** Resolves once nothing runs or waits. */
  idle(): Promise<void>;
}

interface Waiter<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
}

function waiter<T>(): Waiter<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Creates a lane that runs `run(key)`; `onChange` hears every start and end. */
export function createSerialLane<T>(
  run: (key: string) => Promise<T>,
  onChange: () => void = () => undefined,
): SerialLane<T> {
  const waiting = new Map<string, Waiter<T>>();
  let running: string | undefined;
  let idleWaiters: (() => void)[] = [];

  async function pump(): Promise<void> {
    if (running !== undefined) return;
    for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
      const [key, job] = next.value;
      waiting.delete(key);
      running = key;
      onChange();
      try {
        job.resolve(await run(key));
      } catch (thrown) {
        job.reject(thrown);
      } finally {
        running = undefined;
        onChange();
      }
    }
    const ready = idleWaiters;
    idleWaiters = [];
    for (const resolve of ready) resolve();
  }

  return {
    request(key) {
      let job = waiting.get(key);
      if (job === undefined) {
        job = waiter<T>();
        waiting.set(key, job);
        onChange();
      }
      void pump();
      return job.promise;
    },
    get running() {
      return running;
    },
    get waiting() {
      return [...waiting.keys()];
    },
    idle() {
      if (running === undefined && waiting.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
