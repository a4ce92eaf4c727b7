// `npm run start:web`: serves the built web app and, on the same origin, proxies the api (/api, /socket.io,
// /health) to API_URL, read at start time, so one build serves any api and the browser never needs CORS or a
// second origin. `node server.mjs --dev` runs Next in development mode the same way.
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3001);
const host = process.env.HOST ?? '0.0.0.0';
const api = new URL(process.env.API_URL ?? 'http://127.0.0.1:3000');
const apiIsHttps = api.protocol === 'https:';
const apiPort = Number(api.port || (apiIsHttps ? 443 : 80));

const isApiPath = (url = '') =>
  url === '/api' ||
  url.startsWith('/api/') ||
  url.startsWith('/socket.io/') ||
  url.startsWith('/health/') ||
  // The api's queue board (bull-board) and its assets: the admin console opens it on this origin.
  url === '/admin/queues' ||
  url.startsWith('/admin/queues/') ||
  url.startsWith('/admin/queues?') ||
  url === '/metrics';

/** Headers for the api: the browser's address and scheme go along (the api honours them with TRUST_PROXY). */
function forwardedHeaders(req) {
  const headers = { ...req.headers, host: api.host };
  const remote = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for']
    ? `${req.headers['x-forwarded-for']}, ${remote}`
    : remote;
  headers['x-forwarded-proto'] =
    req.headers['x-forwarded-proto'] ?? (req.socket.encrypted ? 'https' : 'http');
  headers['x-forwarded-host'] = req.headers.host ?? '';
  return headers;
}

function proxyHttp(req, res) {
  const send = apiIsHttps ? httpsRequest : httpRequest;
  const upstream = send(
    {
      hostname: api.hostname,
      port: apiPort,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req),
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'The api cannot be reached' } }),
      );
    } else res.destroy();
  });
  req.pipe(upstream);
}

/** WebSocket upgrades for Socket.io: the request goes to the api as is, then bytes flow both ways. */
function proxyUpgrade(req, socket, head) {
  const upstream = apiIsHttps
    ? tlsConnect({ host: api.hostname, port: apiPort, servername: api.hostname })
    : netConnect({ host: api.hostname, port: apiPort });
  upstream.on(apiIsHttps ? 'secureConnect' : 'connect', () => {
    const headers = forwardedHeaders(req);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (const [name, value] of Object.entries(headers)) {
      for (const v of Array.isArray(value) ? value : [value])
        if (v !== undefined) lines.push(`${name}: ${v}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head?.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
}

const app = next({ dev, dir: fileURLToPath(new URL('.', import.meta.url)), hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();
const nextUpgrade = dev ? app.getUpgradeHandler() : null;

const server = createServer((req, res) => {
  if (isApiPath(req.url)) proxyHttp(req, res);
  else void handle(req, res);
});
server.on('upgrade', (req, socket, head) => {
  if (req.url?.startsWith('/socket.io/')) proxyUpgrade(req, socket, head);
  else if (nextUpgrade) void nextUpgrade(req, socket, head);
  else socket.destroy();
});
server.listen(port, host, () => {
  console.log(
    `Truck4u web on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (api: ${api.origin})`,
  );
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
