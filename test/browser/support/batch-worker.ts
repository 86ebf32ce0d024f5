/**
 * Builds sync batches off the main thread, as main does in the app: the page under test only
 * receives each batch as a JSON string and parses it, as it would off the wire.
 */
import { realisticBatch } from './realistic-mail';

addEventListener('message', (event: MessageEvent<{ first: number; count: number }>) => {
  postMessage(JSON.stringify(realisticBatch(event.data.first, event.data.count)));
});
