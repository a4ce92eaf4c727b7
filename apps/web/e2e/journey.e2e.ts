import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { apiLogin, apiUrl, baseUrl, freshPhone, logIn, newContext, shot } from './helpers';

// The marketplace end to end against the real api, worker and web: a customer (in Arabic) posts a ride, a
// driver (on a phone, in French) gets the request live and bids, the customer accepts, the driver walks the
// ride to COMPLETED while the customer sees each status live, then pays cash and rates.
test.describe.configure({ mode: 'serial' });

let customerContext: BrowserContext;
let driverContext: BrowserContext;
let customer: Page;
let driver: Page;
let rideId = '';
const customerAccount = { role: 'customer' as const, phone: freshPhone(), password: 'client-e2e-pass' };
const driverAccount = { role: 'driver' as const, phone: '+21622000001' };

test.beforeAll(async ({ browser }) => {
  customerContext = await newContext(browser);
  driverContext = await newContext(browser, { phone: true, geolocation: true });
  customer = await customerContext.newPage();
  driver = await driverContext.newPage();
});
test.afterAll(async () => {
  await customerContext?.close();
  await driverContext?.close();
});

test('the first page in Arabic is right to left, and a customer registers there', async () => {
  await customer.goto(`${baseUrl()}/ar/register`);
  await expect(customer.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(customer.locator('html')).toHaveAttribute('lang', 'ar');
  await shot(customer, 'register-ar-desktop');
  await customer.getByTestId('register-name').fill('سامية التونسي');
  await customer.getByTestId('login-phone').fill(customerAccount.phone);
  await customer.getByTestId('login-password').fill(customerAccount.password);
  await customer.getByTestId('register-submit').click();
  await expect(customer).toHaveURL(/\/ar\/app$/);
  await expect(customer.locator('html')).toHaveAttribute('dir', 'rtl');
});

test('a driver goes online on the shift page', async () => {
  await logIn(driver, driverAccount, 'fr');
  await expect(driver.locator('html')).toHaveAttribute('dir', 'ltr');
  await driver.getByTestId('online-toggle').click();
  await expect(driver.getByTestId('online-toggle')).toHaveAttribute('data-online', 'true');
});

test('the customer posts a ride on the map form and sees the estimate', async () => {
  await customer.getByTestId('pickup-input').fill('Bourguiba');
  await customer.getByTestId('place-option').first().click();
  await customer.getByTestId('dropoff-input').fill('Marsa');
  await customer.getByTestId('place-option').first().click();
  await customer.getByTestId('vehicle-SMALL_VAN').click();
  await customer.getByTestId('cargo-description').fill('20 كرتونة');
  await customer.getByTestId('cargo-weight').fill('300');
  await expect(customer.getByTestId('estimate')).toHaveAttribute('data-amount', /\d+/);
  await shot(customer, 'post-ride-ar-desktop');
  await customer.getByTestId('post-ride').click();
  await expect(customer).toHaveURL(/\/ar\/app\/rides\/[0-9a-f-]{36}$/);
  rideId = customer.url().split('/').at(-1) ?? '';
  await expect(customer.getByTestId('ride-status')).toHaveAttribute('data-status', 'PENDING_BIDS');
});

test('the driver gets the request live and bids; the customer sees the bid live and accepts it', async () => {
  const request = driver.locator(`[data-testid="request-card"][data-ride-id="${rideId}"]`);
  await expect(request).toBeVisible();
  await shot(driver, 'driver-shift-request-fr-phone');
  await request.getByTestId('bid-price').fill('90');
  await request.getByTestId('bid-submit').click();

  const bid = customer.getByTestId('bid-card').first();
  await expect(bid).toBeVisible();
  await expect(bid).toContainText('90');
  await shot(customer, 'ride-bids-ar-desktop');
  await bid.getByTestId('accept-bid').click();
  await expect(customer.getByTestId('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');
});

test('the driver walks the ride to COMPLETED and the customer sees every status live', async () => {
  await expect(driver).toHaveURL(new RegExp(`/fr/driver/rides/${rideId}$`));
  for (const next of [
    'DRIVER_ARRIVING',
    'PICKUP_ARRIVED',
    'LOADING',
    'IN_TRANSIT',
    'DROPOFF_ARRIVED',
    'COMPLETED',
  ]) {
    const button = driver.getByTestId('next-status');
    await expect(button).toHaveAttribute('data-next-status', next);
    if (next === 'IN_TRANSIT') await shot(driver, 'driver-active-ride-fr-phone');
    await button.click();
    await expect(driver.getByTestId('ride-status')).toHaveAttribute('data-status', next);
    // No reload on the customer's side: the status arrives through the socket.
    await expect(customer.getByTestId('ride-status')).toHaveAttribute('data-status', next);
  }
});

test('the customer pays cash and rates the driver', async () => {
  await customer.getByTestId('pay-cash').click();
  await expect(customer.getByTestId('payment-done')).toBeVisible();
  await customer.getByTestId('rating-5').click();
  await customer.getByTestId('rating-submit').click();
  await expect(customer.getByTestId('rating-done')).toBeVisible();
  await shot(customer, 'ride-completed-ar-desktop');
  // Cash is settled once the driver confirms it was received.
  await driver.reload();
  await driver.getByTestId('confirm-cash').click();
  await expect(driver.getByTestId('cash-confirmed')).toBeVisible();
});

test('the driver’s earnings page counts the completed ride', async () => {
  const session = await apiLogin('driver', driverAccount.phone);
  const earnings = (await (
    await fetch(`${apiUrl()}/api/drivers/me/earnings`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    })
  ).json()) as { today: { net: number; commission: number } };
  await driver.goto(`${baseUrl()}/fr/driver/earnings`);
  const today = driver.getByTestId('earnings-today');
  await expect(today).toHaveAttribute('data-rides', '1');
  await expect(today).toHaveAttribute('data-gross', '90000');
  expect(earnings.today.commission).toBeGreaterThan(0);
  await expect(today).toHaveAttribute('data-net', String(90_000 - earnings.today.commission));
  // The figures themselves, as the driver reads them (fr: "81,000 TND"-like, whatever the grouping).
  await expect(today).toContainText(String((90_000 - earnings.today.commission) / 1000).split('.')[0] ?? '');
  await expect(driver.getByTestId('earnings-week')).toHaveAttribute('data-rides', '1');
  await expect(driver.getByTestId('earnings-month')).toHaveAttribute('data-rides', '1');
});

test('after a reload the customer is still signed in', async () => {
  await customer.reload();
  await expect(customer.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');
});

test('a driver suspended by an admin is sent to the login screen at once', async ({ browser }) => {
  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await logIn(page, { role: 'driver', phone: '+21622000002' }, 'fr');
    const admin = await apiLogin('admin', '+21620000000');
    const driverSession = await apiLogin('driver', '+21622000002');
    const response = await fetch(`${apiUrl()}/api/admin/drivers/${driverSession.user.id}/suspend`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
      body: JSON.stringify({ reason: 'e2e: documents expired' }),
    });
    expect(response.status).toBe(200);
    await expect(page).toHaveURL(/\/fr\/login\?reason=/, { timeout: 10_000 });
    await shot(page, 'login-after-suspension-fr-phone');
  } finally {
    await context.close();
  }
});

test('screens of each main page in each locale, on desktop and on a phone', async ({ browser }) => {
  test.setTimeout(240_000);
  const views = [
    { name: 'desktop', phone: false, locales: ['fr', 'ar', 'en'] },
    { name: 'phone', phone: true, locales: ['fr', 'ar'] },
  ];
  for (const view of views) {
    const anonymous = await newContext(browser, { phone: view.phone });
    const page = await anonymous.newPage();
    for (const locale of view.locales) {
      await page.goto(`${baseUrl()}/${locale}/login`);
      await expect(page.getByTestId('login-submit')).toBeVisible();
      await shot(page, `login-${locale}-${view.name}`);
    }
    await anonymous.close();

    const customerView = await newContext(browser, { phone: view.phone });
    const c = await customerView.newPage();
    await logIn(c, customerAccount, 'fr');
    for (const locale of view.locales) {
      await c.goto(`${baseUrl()}/${locale}/app`);
      await expect(c.getByTestId('post-ride')).toBeVisible();
      await shot(c, `post-ride-${locale}-${view.name}`);
      await c.goto(`${baseUrl()}/${locale}/app/rides/${rideId}`);
      await expect(c.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');
      await shot(c, `ride-${locale}-${view.name}`);
      await c.goto(`${baseUrl()}/${locale}/app/rides`);
      await expect(c.getByTestId('ride-row').first()).toBeVisible();
      await shot(c, `rides-${locale}-${view.name}`);
    }
    await customerView.close();

    const driverView = await newContext(browser, { phone: view.phone, geolocation: true });
    const d = await driverView.newPage();
    await logIn(d, driverAccount, 'fr');
    for (const locale of view.locales) {
      await d.goto(`${baseUrl()}/${locale}/driver`);
      await expect(d.getByTestId('online-toggle')).toBeVisible();
      await shot(d, `driver-shift-${locale}-${view.name}`);
      await d.goto(`${baseUrl()}/${locale}/driver/rides/${rideId}`);
      await expect(d.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');
      await shot(d, `driver-ride-${locale}-${view.name}`);
      await d.goto(`${baseUrl()}/${locale}/driver/earnings`);
      await expect(d.getByTestId('earnings-today')).toBeVisible();
      await shot(d, `driver-earnings-${locale}-${view.name}`);
    }
    await driverView.close();
  }
});
