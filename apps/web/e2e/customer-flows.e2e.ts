import { expect, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  baseUrl,
  lastSmsCode,
  logIn,
  newContext,
  shot,
  TUNIS_CENTRE,
  waitUntilOffered,
} from './helpers';

// The customer's flows beside the journey, each against the real stack: a login with a code sent by SMS, a
// wallet top-up paid on Flouci's page, a business plan with its monthly statement, and a cancellation that shows
// the fee rule before it is confirmed.
test.describe.configure({ mode: 'serial' });

const individual = { role: 'customer' as const, phone: '+21621000001' };
const business = { role: 'customer' as const, phone: '+21621000002' };

test('a customer signs in with the code sent by SMS', async ({ browser }) => {
  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/fr/login`);
    await page.getByTestId('login-role-customer').click();
    await page.getByText('Code SMS', { exact: true }).click();
    await page.getByTestId('login-phone').fill(individual.phone);
    await page.getByTestId('login-submit').click();
    const code = await lastSmsCode(individual.phone);
    await page.getByTestId('login-code').fill(code);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/fr\/app$/);
    await expect(page.getByTestId('post-ride')).toBeVisible();
    // The phone's side menu in each language: every entry whole, "log out on every device" included.
    for (const locale of ['fr', 'ar', 'en']) {
      await page.goto(`${baseUrl()}/${locale}/app`);
      await expect(page.getByTestId('post-ride')).toBeVisible();
      await page.locator('.mantine-Burger-root').click();
      const logoutAll = page.getByTestId('logout-all');
      await expect(logoutAll).toBeVisible();
      const label = logoutAll.locator('.mantine-NavLink-label');
      expect(await label.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      await shot(page, `menu-${locale}-phone`);
    }
  } finally {
    await context.close();
  }
});

test('a business customer tops up the wallet on Flouci and comes back to the new balance', async ({
  browser,
}) => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await logIn(page, business);
    await page.goto(`${baseUrl()}/fr/app/wallet`);
    const balance = page.getByTestId('wallet-balance');
    await expect(balance).toHaveAttribute('data-amount', /^-?\d+$/);
    const before = Number(await balance.getAttribute('data-amount'));
    await page.getByTestId('top-up-amount').fill('120');
    await page.getByTestId('top-up').click();
    // Flouci's hosted page (the stand-in's), then back to the web app through /payments/:id.
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page).toHaveURL(/\/fr\/app\/wallet$/);
    await expect(balance).toHaveAttribute('data-amount', String(before + 120_000));
    await shot(page, 'wallet-fr-desktop');
  } finally {
    await context.close();
  }
});

test('a business customer sees the plan and opens a monthly statement', async ({ browser }) => {
  const session = await apiLogin('customer', business.phone);
  await apiCall(session.accessToken, 'POST', '/api/subscriptions', { planCode: 'STARTER' }, [201, 409]);
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await logIn(page, business);
    await page.goto(`${baseUrl()}/fr/app/wallet`);
    await expect(page.getByTestId('plan')).toHaveAttribute('data-plan', 'STARTER');
    await expect(page.getByTestId('plan')).toContainText('10.0%');
    const statement = page.getByTestId('statement').first();
    const month = await statement.getAttribute('data-month');
    const opened = context.waitForEvent('page');
    await statement.click();
    const statementPage = await opened;
    await statementPage.waitForLoadState();
    await expect(statementPage.locator('body')).toContainText('Carthage Meubles SARL');
    await expect(statementPage.locator('body')).toContainText(month ?? '');
    await shot(page, 'wallet-b2b-fr-desktop');
  } finally {
    await context.close();
  }
});

test('a customer cancelling a ride with a committed driver is shown the fee rule first', async ({
  browser,
}) => {
  const customerSession = await apiLogin('customer', individual.phone);
  const driverSession = await apiLogin('driver', '+21622000003');
  await apiCall(driverSession.accessToken, 'PATCH', '/api/drivers/me/availability', { online: true });
  await apiCall(driverSession.accessToken, 'POST', '/api/drivers/me/location', {
    lat: TUNIS_CENTRE.latitude,
    lng: TUNIS_CENTRE.longitude,
  });
  const ride = await apiCall<{ id: string }>(customerSession.accessToken, 'POST', '/api/rides', {
    pickup: { lat: 36.8008, lng: 10.18, address: 'Avenue Habib Bourguiba, Tunis' },
    dropoff: { lat: 36.8782, lng: 10.3247, address: 'La Marsa' },
    vehicleType: 'BOX_TRUCK', // the demo driver's truck
    cargo: { description: 'e2e: cancelled', weightKg: 100 },
  });
  // The dispatch worker offers the ride to the online driver nearby, who bids.
  await waitUntilOffered(driverSession.accessToken, ride.id, 15_000);
  const bid = await apiCall<{ id: string }>(driverSession.accessToken, 'POST', `/api/rides/${ride.id}/bids`, {
    price: 70_000,
    etaMinutes: 10,
  });
  await apiCall(customerSession.accessToken, 'POST', `/api/rides/${ride.id}/bids/${bid.id}/accept`, {});

  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await logIn(page, individual);
    await page.goto(`${baseUrl()}/fr/app/rides/${ride.id}`);
    await expect(page.getByTestId('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');
    await page.getByTestId('cancel-ride').click();
    const rule = page.getByTestId('cancel-rule');
    await expect(rule).toHaveAttribute('data-fee', /^[1-9]\d*$/);
    await expect(rule).toContainText('min après l’acceptation');
    await shot(page, 'ride-cancel-fr-phone');
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('ride-status')).toHaveAttribute('data-status', 'CANCELLED');
  } finally {
    await context.close();
    await apiCall(driverSession.accessToken, 'PATCH', '/api/drivers/me/availability', { online: false });
  }
});
