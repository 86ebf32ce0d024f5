/** What the benchmark page exposes to run.ts (only in the benchmark's own page, never the app). */
export interface BenchApi {
  /** Stores `total` generated messages through the app's applyBatch, then builds the search index. */
  load(total: number): Promise<{ readonly loadMs: number; readonly indexMs: number }>;
  /** Renders the mail screen; resolves with ms until the first real row was painted. */
  mount(): Promise<number>;
  /** Scrolls the list to its end `stepPx` a frame; resolves with every frame's length in ms. */
  scroll(
    stepPx: number,
  ): Promise<{ readonly frames: readonly number[]; readonly placeholderFrames: number }>;
  /** Scrolls to row `index`, opens it, resolves with ms until its body was painted. */
  open(index: number): Promise<number>;
  /** Runs one local search; resolves with its duration in ms and the match count. */
  search(text: string): Promise<{ readonly ms: number; readonly matches: number }>;
  /** Words of the generated vocabulary, most frequent first, and a sender address. */
  sample(): {
    readonly common: readonly string[];
    readonly rare: readonly string[];
    readonly sender: string;
  };
}

declare global {
  interface Window {
    __mailBench?: BenchApi;
  }
}
