/** What the CRM benchmark page exposes to run.ts (only in the benchmark's own page). */
export interface CrmBenchApi {
  /** Stores the records and `messages` generated messages (through applyBatch, as sync does). */
  load(counts: {
    readonly contacts: number;
    readonly companies: number;
    readonly messages: number;
  }): Promise<{ readonly loadMs: number }>;
  /** One full relink; resolves with its duration and the links it left. */
  relinkAll(): Promise<{ readonly ms: number; readonly links: number }>;
  /** Stores one new sync batch of `size` messages, then links it; resolves with the linking ms. */
  linkBatch(size: number): Promise<{ readonly syncMs: number; readonly linkMs: number }>;
}

declare global {
  interface Window {
    __crmBench?: CrmBenchApi;
  }
}
