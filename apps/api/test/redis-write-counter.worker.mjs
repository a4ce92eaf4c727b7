// A TCP proxy to Redis on a thread of its own, counting the chunks the client's bytes arrive in. On its own
// event loop it reads while the client is still writing, so writes made one by one arrive (mostly) one by
// one; a proxy in the client's thread would read only after the client's turn, every write of it at once.
import { connect, createServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const upstream = new URL(workerData.upstreamUrl);
let chunks = 0;
const server = createServer((client) => {
  const redis = connect(Number(upstream.port || 6379), upstream.hostname);
  client.on('data', (chunk) => {
    chunks++;
    redis.write(chunk);
  });
  redis.pipe(client);
  for (const [side, other] of [
    [client, redis],
    [redis, client],
  ]) {
    side.on('error', () => other.destroy());
    side.on('close', () => other.destroy());
  }
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'chunks') parentPort.postMessage({ chunks });
  if (message === 'close') server.close(() => process.exit(0));
});
