// Lighthouse (npm `lighthouse` 12, the system Chromium) on the login, post-ride and ride pages of a running
// Truck4u (default http://localhost:3001, e.g. from `npm start`): `node apps/web/scripts/lighthouse.mjs [url]`.
// Signs in as the demo customer in the audited browser (the session cookie survives between audits), posts a
// ride for the ride page, and prints the scores; `--json <file>` also writes them. Mobile settings (Lighthouse's
// default: emulated mid-range phone, simulated slow 4G, 4x CPU slowdown) unless `--desktop`. `--runs <n>` audits
// every page n times and prints each page's median (scores move by several points on a busy machine).
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
const runs = args.includes('--runs') ? Math.max(1, Number(args[args.indexOf('--runs') + 1]) || 1) : 1;
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
  if (process.env.LH_SAVE_DIR)
    writeFileSync(`${process.env.LH_SAVE_DIR}/${name.replace(/\W+/g, '-')}.lhr.json`, JSON.stringify(lhr));
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
  for (let run = 1; run <= runs; run++) {
    // Signed out for the login page (a session would send it on to /app).
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCookies');
    await cdp.detach();
    results.push({ run, ...(await audit('login', '/fr/login')) });
    // Sign in through the session route (it sets the refresh cookie, as the login form does); later audits
    // reuse that cookie. Typing into the form right after Lighthouse's run can race the page's hydration.
    await page.goto(`${base}/fr/login`, { waitUntil: 'networkidle0' });
    const status = await page.evaluate(async (body) => {
      const response = await fetch('/session/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      return response.status;
    }, customer);
    if (status !== 200) throw new Error(`sign-in through /session/login: ${status}`);
    results.push({ run, ...(await audit('post-ride', '/fr/app')) });
    results.push({ run, ...(await audit('ride', `/fr/app/rides/${ride.id}`)) });
    results.push({ run, ...(await audit('ride (ar)', `/ar/app/rides/${ride.id}`)) });
  }
} finally {
  await browser.close();
}
console.table(results.map(({ accessibilityIssues, ...r }) => r));
for (const r of results)
  if (r.accessibilityIssues.length) console.log(`${r.page}: ${r.accessibilityIssues.join(', ')}`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const seconds = (text) => Number.parseFloat(String(text).replace(/,/g, '')) * (/ms/.test(text) ? 0.001 : 1);
const medians = [...new Set(results.map((r) => r.page))].map((name) => {
  const rows = results.filter((r) => r.page === name);
  const perf = rows.map((r) => r.performance);
  return {
    page: name,
    runs: rows.length,
    performance: median(perf),
    'performance range': `${Math.min(...perf)}–${Math.max(...perf)}`,
    accessibility: median(rows.map((r) => r.accessibility)),
    'LCP (s)': median(rows.map((r) => seconds(r.lcp))),
    'TBT (ms)': Math.round(median(rows.map((r) => seconds(r.tbt))) * 1000),
  };
});
if (runs > 1) {
  console.log(`medians over ${runs} runs (${isDesktop ? 'desktop' : 'mobile'}):`);
  console.table(medians);
}
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ base, mode: isDesktop ? 'desktop' : 'mobile', runs, medians, results }, null, 2)}
`,
  );
