import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The names of the commands clients send through it to the real Redis, read off the wire: what one report
 * costs is counted where Redis sees it, with nothing in the code path replaced.
 */
export async function startCountingProxy(upstreamUrl: string): Promise<{
  url: string;
  commands: string[];
  close(): Promise<void>;
}> {
  const upstream = new URL(upstreamUrl);
  const commands: string[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const redis = connect(Number(upstream.port || 6379), upstream.hostname);
    for (const socket of [client, redis]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    let unread: Buffer = Buffer.alloc(0);
    client.on('data', (chunk) => {
      unread = readCommandNames(Buffer.concat([unread, chunk]), commands);
      redis.write(chunk);
    });
    redis.pipe(client);
    for (const [side, other] of [
      [client, redis],
      [redis, client],
    ] as const) {
      side.on('error', () => other.destroy());
      side.on('close', () => other.destroy());
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    commands,
    // Cuts the clients still connected (an api instance lives until its environment closes).
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}

// Commands are RESP arrays of bulk strings (what ioredis sends); returns the bytes of an incomplete one.
function readCommandNames(buffer: Buffer, names: string[]): Buffer {
  let start = 0;
  for (;;) {
    let at = start;
    const line = () => {
      const end = buffer.indexOf('\r\n', at);
      if (end < 0) return null;
      const text = buffer.toString('latin1', at, end);
      at = end + 2;
      return text;
    };
    const header = line();
    if (header === null) return buffer.subarray(start);
    let name = '';
    for (let i = 0, count = Number(header.slice(1)); i < count; i++) {
      const size = line();
      if (size === null || at + Number(size.slice(1)) + 2 > buffer.length) return buffer.subarray(start);
      if (i === 0) name = buffer.toString('latin1', at, at + Number(size.slice(1))).toLowerCase();
      at += Number(size.slice(1)) + 2;
    }
    names.push(name);
    start = at;
  }
}
