// First-load JavaScript of pages of a running Truck4u web app, gzipped: every <script> of the server-rendered
// page plus the chunks its RSC payload names, without the `nomodule` polyfills that modern browsers skip.
// Chunks loaded later on purpose (Leaflet's, after the page is idle) are not counted.
// `node apps/web/scripts/first-load-js.mjs [web url] [paths...]` (default: the login, post-ride, ride list and
// shift pages).
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const base = (
  args.find((a) => a.startsWith('http')) ??
  process.env.WEB_URL ??
  'http://localhost:3001'
).replace(/\/$/, '');
const paths = args.filter((a) => a.startsWith('/'));
const pages = paths.length > 0 ? paths : ['/fr/login', '/fr/app', '/fr/app/rides', '/fr/driver'];

const sizes = new Map();
async function gzipSize(path) {
  if (!sizes.has(path)) {
    const response = await fetch(`${base}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    sizes.set(path, gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length);
  }
  return sizes.get(path);
}

const rows = [];
for (const page of pages) {
  const html = await (await fetch(`${base}${page}`)).text();
  const polyfills = new Set(
    [...html.matchAll(/<script[^>]*src="([^"]+\.js)"[^>]*noModule[^>]*>/gi)].map((m) => m[1]),
  );
  const chunks = new Set(
    [...html.matchAll(/\/_next\/static\/chunks\/[\w./-]+?\.js/g)]
      .map((m) => m[0])
      .filter((c) => !polyfills.has(c)),
  );
  let total = 0;
  for (const chunk of chunks) total += await gzipSize(chunk);
  rows.push({ page, chunks: chunks.size, 'first-load JS (KB gzip)': Math.round(total / 1024) });
}
console.table(rows);
