// Lighthouse (npm `lighthouse` 12, the system Chromium) on the login, post-ride and ride pages of a running
// Truck4u (default http://localhost:3001, e.g. from `npm start`): `node apps/web/scripts/lighthouse.mjs [url]`.
// Signs in as the demo customer in the audited browser (the session cookie survives between audits), posts a
// ride for the ride page, and prints the scores; `--json <file>` also writes them. Mobile settings (Lighthouse's
// default: emulated mid-range phone, simulated slow 4G, 4x CPU slowdown) unless `--desktop`.
import { writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer from 'puppeteer-core';

const args = process.argv.slice(2);
const base = (
  args.find((a) => a.startsWith('http')) ??
  process.env.WEB_URL ??
  'http://localhost:3001'
).replace(/\/$/, '');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const isDesktop = args.includes('--desktop');
const customer = { role: 'customer', phone: '+21621000001', password: 'truck4u-demo' };

async function api(path, body, token) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const { accessToken } = await api('/api/auth/login', customer);
const ride = await api(
  '/api/rides',
  {
    pickup: { lat: 36.8008, lng: 10.18, address: 'Avenue Habib Bourguiba, Tunis' },
    dropoff: { lat: 36.8782, lng: 10.3247, address: 'La Marsa' },
    vehicleType: 'SMALL_VAN',
    cargo: { description: 'Lighthouse run', weightKg: 100 },
  },
  accessToken,
);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
});
const page = await browser.newPage();
const flags = {
  output: 'json',
  logLevel: 'error',
  disableStorageReset: true,
  onlyCategories: ['performance', 'accessibility'],
};
const config = isDesktop ? desktopConfig : undefined;

async function audit(name, path) {
  const result = await lighthouse(`${base}${path}`, flags, config, page);
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`no result for ${path}`);
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const metric = (id) => lhr.audits[id]?.displayValue ?? '';
  const failing = Object.values(lhr.audits)
    .filter(
      (a) =>
        a.score !== null &&
        a.score < 1 &&
        lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0),
    )
    .map((a) => {
      const nodes = (a.details?.items ?? [])
        .slice(0, 3)
        .map((i) => i.node?.snippet ?? '')
        .filter(Boolean);
      return nodes.length ? `${a.id} (${nodes.join(' | ')})` : a.id;
    });
  if (process.env.LH_DEBUG) {
    const boot = (lhr.audits['bootup-time']?.details?.items ?? [])
      .slice(0, 6)
      .map((i) => `${i.url.split('/').pop()} ${Math.round(i.scripting)}ms`);
    const tasks = (lhr.audits['long-tasks']?.details?.items ?? [])
      .slice(0, 8)
      .map(
        (i) => `${(i.url ?? '').split('/').pop()} @${Math.round(i.startTime)} ${Math.round(i.duration)}ms`,
      );
    console.log(name, '\n  bootup:', boot.join(', '), '\n  long tasks:', tasks.join(', '));
  }
  return {
    page: name,
    path,
    performance: score('performance'),
    accessibility: score('accessibility'),
    fcp: metric('first-contentful-paint'),
    lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    accessibilityIssues: failing,
  };
}

const results = [];
try {
  results.push(await audit('login', '/fr/login'));
  // Sign in once through the page, as a person would; later audits reuse the session cookie.
  await page.goto(`${base}/fr/login`);
  await page.type('[data-testid="login-phone"]', customer.phone);
  await page.type('[data-testid="login-password"]', customer.password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForSelector('[data-testid="post-ride"]', { timeout: 30_000 });
  results.push(await audit('post-ride', '/fr/app'));
  results.push(await audit('ride', `/fr/app/rides/${ride.id}`));
  results.push(await audit('ride (ar)', `/ar/app/rides/${ride.id}`));
} finally {
  await browser.close();
}
console.table(results.map(({ accessibilityIssues, ...r }) => r));
for (const r of results)
  if (r.accessibilityIssues.length) console.log(`${r.page}: ${r.accessibilityIssues.join(', ')}`);
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ base, mode: isDesktop ? 'desktop' : 'mobile', results }, null, 2)}\n`,
  );
