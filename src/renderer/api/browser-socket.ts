/**
 * The browser's WebSocket as a SocketFactory for the bridge client.
 */
import type { SocketFactory } from './socket-client';

/** Opens a browser WebSocket; text frames only. */
export const browserSocket: SocketFactory = (url, events) => {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => events.open());
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    // The bridge sends text frames only; anything else is outside the protocol.
    events.message(typeof event.data === 'string' ? event.data : '');
  });
  // 'error' is always followed by 'close', which is where the client reacts.
  socket.addEventListener('close', () => events.close());
  return {
    send: (data) => socket.send(data),
    close: () => socket.close(),
  };
};
