// Screenshots of the web export at phone size, in French and Arabic, for docs/screenshots/mobile.
// The api is answered by canned, contract-shaped JSON inside the browser (page.route), so this runs with
// no api and no network; driving the export against a real api is the job of the browser tests.
// Usage: npm run export:web -w @truck4u/mobile && node apps/mobile/scripts/screenshots.mjs [outDir]
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const here = new URL('..', import.meta.url).pathname;
const dist = join(here, 'dist');
const outDir = resolve(process.argv[2] ?? join(here, '../../docs/screenshots/mobile'));
const API = 'http://127.0.0.1:3000';
if (!existsSync(join(dist, 'index.html')))
  throw new Error('Run `npm run export:web -w @truck4u/mobile` first');
mkdirSync(outDir, { recursive: true });

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
// The export is a single-page app: every unknown path gets index.html, as a static host would be told to do.
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file = join(dist, path);
  if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
    file = join(dist, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const now = new Date('2026-03-02T09:00:00.000Z');
const iso = (minutes) => new Date(now.getTime() + minutes * 60_000).toISOString();
const ids = {
  customer: '11111111-1111-4111-8111-111111111111',
  driver: '22222222-2222-4222-8222-222222222222',
  ride: '33333333-3333-4333-8333-333333333333',
  bid1: '44444444-4444-4444-8444-444444444441',
  bid2: '44444444-4444-4444-8444-444444444442',
};
const customer = {
  id: ids.customer,
  role: 'customer',
  phone: '+21622123456',
  name: 'Leïla Trabelsi',
  email: null,
  customerType: 'B2C',
  company: null,
  createdAt: iso(-9000),
};
const driver = {
  id: ids.driver,
  role: 'driver',
  phone: '+21698765432',
  name: 'Sami Ben Ali',
  vehicle: { type: 'SMALL_VAN', plate: '123 TU 4567', capacityKg: 1500 },
  verificationStatus: 'VERIFIED',
  rating: 4.8,
  ratingCount: 31,
  isOnline: false,
  isDeactivated: false,
  createdAt: iso(-9000),
};
const ride = {
  id: ids.ride,
  status: 'PENDING_BIDS',
  customerId: ids.customer,
  driverId: null,
  pickup: { lat: 36.8385, lng: 10.2085, address: 'Charguia, zone industrielle' },
  dropoff: { lat: 35.8256, lng: 10.6369, address: 'Sousse' },
  vehicleType: 'SMALL_VAN',
  cargo: { description: '20 cartons de carrelage', weightKg: 800 },
  loadAssistance: false,
  scheduledAt: null,
  dispatchStartsAt: null,
  governorate: { code: 'TN-11', name: 'Tunis' },
  distanceMeters: 121_000,
  priceEstimate: 185_000,
  acceptedBidId: null,
  price: null,
  createdAt: iso(-6),
  updatedAt: iso(-6),
};
const bid = (id, name, price, eta, rating) => ({
  id,
  rideId: ids.ride,
  driverId: ids.driver,
  price,
  etaMinutes: eta,
  message: null,
  status: 'PENDING',
  expiresAt: iso(10),
  createdAt: iso(-2),
  updatedAt: iso(-2),
  driver: {
    id: ids.driver,
    name,
    rating,
    ratingCount: rating ? 12 : 0,
    vehicleType: 'SMALL_VAN',
    vehicleCapacityKg: 1500,
  },
});
const tokens = {
  accessToken: 'access',
  refreshToken: 'refresh',
  accessTokenExpiresAt: iso(15),
  refreshTokenExpiresAt: iso(60_000),
};

function answers(user) {
  return [
    [/\/api\/auth\/(login|refresh)$/, () => ({ ...tokens, user })],
    [/\/api\/me$/, () => user],
    [
      /\/api\/pricing\/estimate/,
      () => ({
        amount: 185_000,
        currency: 'TND',
        distanceMeters: 121_000,
        roadDistanceMeters: 140_000,
        governorate: { code: 'TN-11', name: 'Tunis' },
        breakdown: { baseFare: 0, distanceFare: 0, loadAssistance: 0, minimumFareTopUp: 0, rounding: 0 },
      }),
    ],
    [
      /\/api\/rides\/[^/]+\/events/,
      () => ({
        items: [
          {
            id: 1,
            rideId: ids.ride,
            type: 'CREATED',
            fromStatus: null,
            toStatus: 'PENDING_BIDS',
            actorRole: 'customer',
            createdAt: iso(-6),
          },
        ],
      }),
    ],
    [
      /\/api\/rides\/[^/]+\/bids$/,
      () => ({
        items: [
          bid(ids.bid1, 'Sami Ben Ali', 160_000, 25, 4.8),
          bid(ids.bid2, 'Mehdi Gharbi', 175_500, 12, null),
        ],
      }),
    ],
    // Only the one ride exists: any other id is a ride this caller may not see (404 below).
    [new RegExp(`/api/rides/${ids.ride}$`), () => ride],
    [
      /\/api\/rides(\?|$)/,
      () => ({
        items:
          user.role === 'driver'
            ? []
            : [
                ride,
                {
                  ...ride,
                  id: '55555555-5555-4555-8555-555555555555',
                  status: 'COMPLETED',
                  price: 150_000,
                  pickup: { ...ride.pickup, address: 'Radès, port' },
                  dropoff: { ...ride.dropoff, address: 'Nabeul' },
                  createdAt: iso(-3000),
                },
              ],
      }),
    ],
    [
      /\/api\/drivers\/me\/rides\/available/,
      () => ({ items: [{ ride, distanceMeters: 2_400, notifiedAt: iso(-1), myBid: null }] }),
    ],
    [
      /\/api\/drivers\/me\/documents/,
      () => {
        const document = (n, kind, status, extra) => ({
          id: `66666666-6666-4666-8666-66666666666${n}`,
          driverId: ids.driver,
          kind,
          status,
          uploadId: `77777777-7777-4777-8777-77777777777${n}`,
          isCurrent: true,
          submittedAt: iso(-2880),
          ...extra,
        });
        return {
          items: [
            document(1, 'CIN', 'APPROVED', { number: '08123456', reviewedAt: iso(-2000) }),
            document(2, 'DRIVING_LICENCE', 'APPROVED', {
              number: '12/345678',
              expiresAt: '2029-06-30',
              categories: ['B', 'C'],
              reviewedAt: iso(-2000),
            }),
            document(3, 'VEHICLE_REGISTRATION', 'PENDING', { number: '123 TU 4567' }),
            document(4, 'INSURANCE', 'REJECTED', {
              number: 'STAR-2026-1234',
              expiresAt: '2027-01-31',
              reason: 'La photo est floue : le numéro de police est illisible.',
              reviewedAt: iso(-60),
            }),
          ],
          missing: ['VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION'],
        };
      },
    ],
    [/\/api\/drivers\/me\/availability/, () => ({ online: true })],
    [/\/api\/drivers\/me\/location/, () => ({ at: iso(0), activeRideId: null })],
    [
      /\/api\/drivers\/me\/earnings/,
      () => ({
        currency: 'TND',
        timezone: 'Africa/Tunis',
        today: { rides: 2, gross: 320_000, commission: 32_000, net: 288_000 },
        week: { rides: 9, gross: 1_450_000, commission: 145_000, net: 1_305_000 },
        month: { rides: 31, gross: 5_020_000, commission: 502_000, net: 4_518_000 },
        rides: [],
      }),
    ],
    [
      /\/api\/wallet\/transactions/,
      () => ({
        items: [
          {
            id: 2,
            transactionId: ids.bid1,
            kind: 'TOP_UP',
            label: 'Recharge Flouci',
            amount: 50_000,
            balanceAfter: 62_500,
            rideId: null,
            createdAt: iso(-600),
          },
          {
            id: 1,
            transactionId: ids.bid2,
            kind: 'RIDE_PAYMENT',
            label: 'Course Radès → Nabeul',
            amount: -150_000,
            balanceAfter: 12_500,
            rideId: null,
            createdAt: iso(-3000),
          },
        ],
      }),
    ],
    [/\/api\/wallet$/, () => ({ balance: 62_500, currency: 'TND' })],
  ];
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
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
const problems = [];

async function phone(user, locale) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    geolocation: { latitude: 36.84, longitude: 10.2 },
    permissions: ['geolocation'],
    locale: 'fr-FR',
  });
  await context.addInitScript(
    ([signedIn, lang]) => {
      localStorage.setItem('t4u.locale', lang);
      if (signedIn) localStorage.setItem('t4u.refresh-token', 'refresh');
    },
    [user !== null, locale],
  );
  const table = answers(user ?? customer);
  await context.route(`${API}/**`, (route) => {
    const url = route.request().url();
    if (url.includes('/socket.io/')) return route.abort();
    const hit = table.find(([pattern]) => pattern.test(url));
    if (!hit)
      return route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'NOT_FOUND', message: url } }),
      });
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(hit[1]()) });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${locale} ${e.message}`));
  page.on(
    'console',
    (m) =>
      m.type() === 'error' &&
      !/socket|WebSocket|ERR_FAILED|404/.test(m.text()) &&
      problems.push(`${locale} console: ${m.text()}`),
  );
  return { page, context };
}

async function shot(page, name) {
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  console.log(`wrote ${name}.png`);
}

for (const locale of ['fr', 'ar']) {
  {
    const { page, context } = await phone(null, locale);
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('login-phone').waitFor();
    const dir = await page.evaluate(() => document.documentElement.dir);
    if (dir !== (locale === 'ar' ? 'rtl' : 'ltr')) problems.push(`${locale}: html dir is ${dir}`);
    await shot(page, `sign-in-${locale}`);
    await context.close();
  }
  {
    const { page, context } = await phone(customer, locale);
    await page.goto(`${base}/customer`);
    await page.getByTestId('pickup-input').fill('char');
    await page.getByTestId('place-option').first().click();
    await page.getByTestId('dropoff-input').fill('sous');
    await page.getByTestId('place-option').first().click();
    await page.getByTestId('estimate').waitFor();
    await shot(page, `customer-post-${locale}`);
    await page.goto(`${base}/customer/rides/${ids.ride}`);
    await page.getByTestId('bid-card').first().waitFor();
    await shot(page, `customer-ride-bids-${locale}`);
    await page.goto(`${base}/customer/rides`);
    await page.getByTestId('ride-row').first().waitFor();
    await shot(page, `customer-rides-${locale}`);
    await context.close();
  }
  {
    const { page, context } = await phone(driver, locale);
    await page.goto(`${base}/driver`);
    await page.getByTestId('online-toggle').click();
    await page.getByTestId('request-card').first().waitFor();
    await page.getByTestId('bid-price').fill('160');
    await shot(page, `driver-dashboard-${locale}`);
    // Opened from a ride request's notification: the request framed first; then one that has gone meanwhile.
    await page.goto(`${base}/driver?request=${ids.ride}`);
    // A new page load: the canned profile says offline, so the driver goes online again.
    await page.getByTestId('online-toggle').click();
    await page.getByTestId('request-tapped').waitFor();
    await shot(page, `driver-tapped-request-${locale}`);
    await page.goto(`${base}/driver?request=${ids.bid1}`);
    await page.getByTestId('request-gone').waitFor();
    await shot(page, `driver-request-gone-${locale}`);
    await page.goto(`${base}/driver/earnings`);
    await page.getByTestId('earnings-month').waitFor();
    await shot(page, `driver-earnings-${locale}`);
    await page.goto(`${base}/driver/documents`);
    await page.getByTestId('document-INSURANCE').waitFor();
    await shot(page, `driver-documents-${locale}`);
    await context.close();
  }
}

await browser.close();
server.close();
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
