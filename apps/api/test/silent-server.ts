import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

/**
 * A loopback TCP server that takes connections and never answers: a provider or a Redis behind a link gone
 * quiet, on which a client's call hangs until its own timeout (or until its process is killed).
 */
export async function startSilentServer() {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    connections: () => sockets.length,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
