import { randomUUID } from 'node:crypto';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import {
  apiLogin,
  apiUrl,
  baseUrl,
  DEMO_PASSWORD,
  logIn,
  newContext,
  shot,
  waitUntilOffered,
} from './helpers';

// The operations console against the real api, worker and web: an operations admin watches a driver move on
// the live map during a ride, cancels the ride from its page while the customer's page shows it live, and
// suspends a driver whose open page goes to the login screen; a support admin cannot refund but unlocks a
// delivery code locked at the door. Then a screenshot of each console page (fr and ar).
test.describe.configure({ mode: 'serial' });

const SUPERADMIN = '+21620000000';
const CUSTOMER = '+21621000001';
// Drivers the journey does not use, so its counts stay its own.
const MOVING_DRIVER = '+21622000003';
const SUSPENDED_DRIVER = '+21622000004';
const PICKUP = { lat: 36.7531, lng: 10.2189, address: 'Ben Arous, avenue de France' };
const DROPOFF = { lat: 36.8065, lng: 10.1815, address: 'Tunis, avenue Habib Bourguiba' };

// Fresh numbers for the run's admins (+216 29… and +216 28…, so they never meet the journey's).
const stamp = String(Date.now() % 1_000_000).padStart(6, '0');
const operations = { phone: `+21629${stamp}`, password: 'ops-e2e-password', role: 'OPERATIONS' as const };
const support = { phone: `+21628${stamp}`, password: 'support-e2e-password', role: 'SUPPORT' as const };
let superToken = '';
let rideId = '';
let adminContext: BrowserContext;
let admin: Page;

async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' && path === '/api/rides' ? { 'idempotency-key': randomUUID() } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function adminLogIn(page: Page, account: { phone: string; password: string }, locale = 'fr') {
  await page.goto(`${baseUrl()}/${locale}/admin/login`);
  await page.getByTestId('login-phone').fill(account.phone);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  // Signed in once the console shows a section (the login page's own URL is /admin/login).
  await expect(page).toHaveURL(new RegExp(`/${locale}/admin/(?!login)[a-z]+$`));
  await expect(page.getByTestId('admin-role')).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  superToken = (await apiLogin('admin', SUPERADMIN)).accessToken;
  // The superadmin creates the role-bound admins, as the console's admins page does.
  await call(superToken, 'POST', '/api/admin/admins', {
    name: 'Olfa Opérations',
    ...operations,
  });
  await call(superToken, 'POST', '/api/admin/admins', { name: 'Sonia Support', ...support });
  adminContext = await newContext(browser);
  admin = await adminContext.newPage();
});
test.afterAll(async () => {
  await adminContext?.close();
});

test('an operations admin sees a driver move on the live map while a ride is in progress', async () => {
  const driver = await apiLogin('driver', MOVING_DRIVER);
  const customer = await apiLogin('customer', CUSTOMER);
  await call(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: true });
  await call(driver.accessToken, 'POST', '/api/drivers/me/location', { lat: PICKUP.lat, lng: PICKUP.lng });
  const ride = await call<{ id: string }>(customer.accessToken, 'POST', '/api/rides', {
    pickup: PICKUP,
    dropoff: DROPOFF,
    vehicleType: 'BOX_TRUCK',
    cargo: { description: 'e2e: 12 cartons', weightKg: 200 },
  });
  rideId = ride.id;
  // The dispatch worker offers the ride to the nearby driver, who bids; the customer accepts.
  await waitUntilOffered(driver.accessToken, rideId, 15_000);
  const bid = await call<{ id: string }>(driver.accessToken, 'POST', `/api/rides/${rideId}/bids`, {
    price: 120_000,
    etaMinutes: 10,
  });
  await call(customer.accessToken, 'POST', `/api/rides/${rideId}/bids/${bid.id}/accept`, {});
  await call(driver.accessToken, 'PATCH', `/api/rides/${rideId}/status`, { status: 'DRIVER_ARRIVING' });

  await adminLogIn(admin, operations);
  await admin.goto(`${baseUrl()}/fr/admin/live`);
  await expect(admin.getByTestId('admin-live-map')).toBeVisible();
  await expect(admin.locator(`[data-testid="admin-live-ride"][data-ride-id="${rideId}"]`)).toBeVisible();
  const marker = admin.locator(`[data-testid="admin-live-driver"][data-driver-id="${driver.user.id}"]`);
  await expect(marker).toBeVisible();
  // The driver drives north; the feed sends at most one position per driver per 5 s, so keep driving.
  const moved = { lat: 36.78, lng: 10.2 };
  await expect
    .poll(
      async () => {
        await call(driver.accessToken, 'POST', '/api/drivers/me/location', moved);
        return marker.getAttribute('data-lat');
      },
      { timeout: 15_000, intervals: [1_000] },
    )
    .toBe(moved.lat.toFixed(5));
  // The live position says the driver holds a ride.
  await expect(marker).toHaveAttribute('data-state', 'ON_RIDE');
  await shot(admin, 'admin-live-fr');
});

test('the admin cancels the stuck ride from its page and the customer’s open ride page shows it live', async ({
  browser,
}) => {
  const customerContext = await newContext(browser);
  try {
    const customerPage = await customerContext.newPage();
    await logIn(customerPage, { role: 'customer', phone: CUSTOMER });
    await customerPage.goto(`${baseUrl()}/fr/app/rides/${rideId}`);
    await expect(customerPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'DRIVER_ARRIVING');

    await admin.goto(`${baseUrl()}/fr/admin/rides`);
    const row = admin.locator(`[data-testid="admin-ride-row"][data-ride-id="${rideId}"]`);
    await expect(row).toBeVisible();
    await shot(admin, 'admin-rides-fr');
    await row.getByRole('link').first().click();
    await expect(admin).toHaveURL(new RegExp(`/fr/admin/rides/${rideId}$`));
    await expect(admin.getByTestId('admin-ride-status')).toHaveAttribute('data-status', 'DRIVER_ARRIVING');
    await shot(admin, 'admin-ride-fr');
    await admin.getByTestId('admin-cancel-ride').click();
    await admin.getByTestId('admin-reason').fill('e2e: driver stuck, customer asked us to cancel');
    await admin.getByTestId('admin-cancel-confirm').click();
    await expect(admin.getByTestId('admin-ride-status')).toHaveAttribute('data-status', 'CANCELLED');
    // No reload on the customer's side: the cancellation arrives through the socket.
    await expect(customerPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'CANCELLED');
  } finally {
    await customerContext.close();
    const driver = await apiLogin('driver', MOVING_DRIVER);
    await call(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: false }).catch(
      () => {},
    );
  }
});

test('the admin suspends a driver whose open driver page is sent to the login screen', async ({
  browser,
}) => {
  const driverContext = await newContext(browser, { phone: true });
  try {
    const driverPage = await driverContext.newPage();
    await logIn(driverPage, { role: 'driver', phone: SUSPENDED_DRIVER });
    await admin.goto(`${baseUrl()}/fr/admin/drivers`);
    await admin.getByText('Tous', { exact: true }).click();
    await admin.getByTestId('admin-driver-search').fill(SUSPENDED_DRIVER.slice(-8));
    await admin.getByTestId('admin-driver-search').press('Enter');
    const row = admin.getByTestId('admin-driver-row');
    await expect(row).toHaveCount(1);
    await shot(admin, 'admin-drivers-fr');
    await row.getByTestId('admin-suspend').click();
    await admin.getByTestId('admin-reason').fill('e2e: insurance expired');
    await admin.getByTestId('admin-suspend-confirm').click();
    await expect(row).toHaveAttribute('data-suspended', 'true');
    await expect(driverPage).toHaveURL(/\/fr\/login\?reason=/, { timeout: 10_000 });
    // Back on the road for the other tests.
    await row.getByTestId('admin-activate').click();
    await expect(row).toHaveAttribute('data-suspended', 'false');
  } finally {
    await driverContext.close();
  }
});

test('a support admin cannot refund: no payments section, and the api refuses', async ({ browser }) => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await adminLogIn(page, support);
    await expect(page.getByTestId('admin-role')).toHaveAttribute('data-role', 'SUPPORT');
    await expect(page.getByRole('link', { name: 'Paiements' })).toHaveCount(0);
    await page.goto(`${baseUrl()}/fr/admin/payments`);
    await expect(page.getByTestId('admin-forbidden')).toBeVisible();
    await expect(page.getByTestId('admin-refund')).toHaveCount(0);
    const session = await apiLogin('admin', support.phone, support.password);
    const refused = await fetch(`${apiUrl()}/api/admin/payments/${randomUUID()}/refund`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ reason: 'e2e: should be refused' }),
    });
    expect(refused.status).toBe(403);
  } finally {
    await context.close();
  }
});

test('support unlocks a delivery code locked at the door, and the driver completes with it', async ({
  browser,
}) => {
  const driver = await apiLogin('driver', MOVING_DRIVER);
  const customer = await apiLogin('customer', CUSTOMER);
  // Pickup and dropoff 250 m apart: the driver's one position counts as at the dropoff too.
  const dropoff = { lat: 36.7551, lng: 10.2204, address: 'Ben Arous, rue de Tunis' };
  await call(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: true });
  await call(driver.accessToken, 'POST', '/api/drivers/me/location', { lat: PICKUP.lat, lng: PICKUP.lng });
  const ride = await call<{ id: string }>(customer.accessToken, 'POST', '/api/rides', {
    pickup: PICKUP,
    dropoff,
    vehicleType: 'BOX_TRUCK',
    cargo: { description: 'e2e: une armoire', weightKg: 150 },
    recipient: { name: 'Hela Destinataire', phone: '+21698765432' },
  });
  const context = await newContext(browser);
  try {
    await waitUntilOffered(driver.accessToken, ride.id, 15_000);
    const bid = await call<{ id: string }>(driver.accessToken, 'POST', `/api/rides/${ride.id}/bids`, {
      price: 60_000,
      etaMinutes: 5,
    });
    await call(customer.accessToken, 'POST', `/api/rides/${ride.id}/bids/${bid.id}/accept`, {});
    for (const status of ['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT', 'DROPOFF_ARRIVED']) {
      await call(driver.accessToken, 'PATCH', `/api/rides/${ride.id}/status`, { status });
    }
    // The driver at the door types wrong codes until the code locks.
    let tries = 0;
    for (;;) {
      tries += 1;
      const response = await fetch(`${apiUrl()}/api/rides/${ride.id}/status`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${driver.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'COMPLETED', deliveryCode: '000000' }),
      });
      const body = (await response.json()) as { error: { code: string } };
      if (body.error.code === 'DELIVERY_CODE_LOCKED') break;
      expect(body.error.code).toBe('DELIVERY_CODE_INVALID');
      expect(tries).toBeLessThan(20);
    }

    const page = await context.newPage();
    await adminLogIn(page, support);
    await page.goto(`${baseUrl()}/fr/admin/rides/${ride.id}`);
    const state = page.getByTestId('admin-delivery-state');
    await expect(state).toHaveAttribute('data-locked', 'true');
    // Support sees the recipient and the lock, never the code.
    await expect(page.getByTestId('admin-delivery')).toContainText('Hela Destinataire');
    await page.getByTestId('admin-delivery').scrollIntoViewIfNeeded();
    await shot(page, 'admin-ride-delivery-locked-fr');
    await page.getByTestId('admin-unlock-code').click();
    await page.getByTestId('admin-reason').fill('e2e: le client ne répond pas, chauffeur à la porte');
    await page.getByTestId('admin-unlock-confirm').click();
    await expect(state).toHaveAttribute('data-locked', 'false');
    await expect(state).toHaveAttribute('data-tries-left', String(tries));

    // The same code the recipient got works again.
    const { code } = await call<{ code: string }>(
      customer.accessToken,
      'GET',
      `/api/rides/${ride.id}/delivery`,
    );
    await call(driver.accessToken, 'PATCH', `/api/rides/${ride.id}/status`, {
      status: 'COMPLETED',
      deliveryCode: code,
    });
    await page.reload();
    await expect(page.getByTestId('admin-ride-status')).toHaveAttribute('data-status', 'COMPLETED');
    // Done rides offer no unlock.
    await expect(page.getByTestId('admin-delivery')).toBeVisible();
    await expect(page.getByTestId('admin-unlock-code')).toHaveCount(0);
    await page.goto(`${baseUrl()}/ar/admin/rides/${ride.id}`);
    await expect(page.getByTestId('admin-delivery-state')).toHaveAttribute('data-locked', 'false');
    await shot(page, 'admin-ride-delivery-ar');
  } finally {
    await context.close();
    await call(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: false }).catch(
      () => {},
    );
  }
});

test('screens of each console page, in French and Arabic', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/fr/admin/login`);
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await shot(page, 'admin-login-fr');
    await adminLogIn(page, { phone: SUPERADMIN, password: DEMO_PASSWORD });
    const pages: Array<[string, string, string[]]> = [
      ['live', 'admin-live-map', ['ar']],
      ['rides', 'admin-ride-row', ['ar']],
      [`rides/${rideId}`, 'admin-ride-status', ['ar']],
      ['drivers', 'admin-driver-row', ['fr', 'ar']],
      ['customers', 'admin-customer-row', ['fr', 'ar']],
      ['commissions', 'admin-commission-row', ['fr', 'ar']],
      ['payments', 'admin-role', ['fr']],
      ['stats', 'admin-stats-totals', ['fr', 'ar']],
      ['audit', 'admin-audit-row', ['fr']],
      ['admins', 'admin-admin-row', ['fr']],
      ['queues', 'admin-open-queues', ['fr']],
    ];
    for (const [path, testId, locales] of pages) {
      for (const locale of locales) {
        await page.goto(`${baseUrl()}/${locale}/admin/${path}`);
        // The drivers page opens on the verification queue, empty with the demo data: show every driver.
        if (path === 'drivers')
          await page.getByText(locale === 'ar' ? 'الكل' : 'Tous', { exact: true }).click();
        await expect(page.getByTestId(testId).first()).toBeVisible();
        const name = path.startsWith('rides/') ? 'ride' : path;
        await shot(page, `admin-${name}-${locale}`);
      }
    }
    // The queue board opens on this origin with the admin's session (no second sign-in).
    await page.goto(`${baseUrl()}/fr/admin/queues`);
    const boardResponse = context.waitForEvent(
      'response',
      (r) => new URL(r.url()).pathname === '/admin/queues',
    );
    const [board] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('admin-open-queues').click(),
    ]);
    expect((await boardResponse).status()).toBe(200);
    await board.close();
    // A tablet, upright (820 px): the menu stays beside the content, the tables scroll sideways.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${baseUrl()}/fr/admin/live`);
    await expect(page.getByTestId('admin-live-map')).toBeVisible();
    await shot(page, 'admin-live-fr-tablet');
  } finally {
    await context.close();
  }
});
