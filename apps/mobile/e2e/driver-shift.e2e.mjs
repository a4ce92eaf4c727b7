// A driver's shift in the mobile web export, against the real api, worker and stand-ins: the driver signs in
// on a phone-sized Chromium, goes online, receives a ride a customer posts through the api, bids, is accepted
// (the customer accepts through the api) and walks the ride to COMPLETED with the next-status button.
// Screenshots go to docs/screenshots/mobile/shift-*.png. The stack, the export and the browser: ./stack.mjs.
//
// Usage (from the repository root): npm run e2e -w @truck4u/mobile (runs this and customer-ride.e2e.mjs),
// or node apps/mobile/e2e/driver-shift.e2e.mjs for this one alone.

import { pathToFileURL } from 'node:url';
import { CUSTOMER_PHONE, DEMO_PASSWORD, DRIVER_PHONE, expect, log, runMobileE2e } from './stack.mjs';

/** The driver's shift, step by step; every step waits for what the driver would see. */
async function driveShift({ page, visible, api, login, shot, appUrl }) {
  await page.goto(`${appUrl}/sign-in`);
  await visible('login-role-driver').click();
  await visible('login-phone').fill(DRIVER_PHONE);
  await visible('login-password').fill(DEMO_PASSWORD);
  await shot('sign-in');
  await visible('login-submit').click();
  await expect(page).toHaveURL(/\/driver$/);
  log('signed in as the demo driver');

  const toggle = visible('online-toggle');
  await expect(toggle).toHaveAttribute('data-online', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-online', 'true');
  const driver = await login('driver', DRIVER_PHONE);
  // The api has the driver online, with the position the phone sent.
  await expect.poll(async () => (await api(driver.accessToken, 'GET', '/api/me')).isOnline).toBe(true);
  await shot('online');
  log('online');

  const customer = await login('customer', CUSTOMER_PHONE);
  const ride = await api(customer.accessToken, 'POST', '/api/rides', {
    pickup: { lat: 36.8008, lng: 10.18, address: 'Avenue Habib Bourguiba, Tunis' },
    dropoff: { lat: 36.8782, lng: 10.3247, address: 'La Marsa' },
    vehicleType: 'SMALL_VAN',
    cargo: { description: 'e2e mobile: 12 cartons', weightKg: 300 },
  });
  log(`customer posted ride ${ride.id}`);

  const request = page.locator(`[data-testid="request-card"][data-ride-id="${ride.id}"]:visible`);
  await expect(request).toBeVisible();
  await expect(request).toContainText('La Marsa');
  await shot('request');
  await request.locator('[data-testid="bid-price"]').fill('90');
  await request.locator('[data-testid="bid-eta"]').fill('12');
  await request.locator('[data-testid="bid-submit"]').click();
  await expect(request.locator('[data-testid="bid-sent"]')).toBeVisible();
  await expect(request.locator('[data-testid="bid-sent"]')).toContainText('90');
  await shot('bid-sent');

  const { items: bids } = await api(customer.accessToken, 'GET', `/api/rides/${ride.id}/bids`);
  if (bids.length !== 1 || bids[0].price !== 90_000)
    throw new Error(`unexpected bids: ${JSON.stringify(bids)}`);
  log('bid of 90 TND (90000 millimes) reached the api');
  await api(customer.accessToken, 'POST', `/api/rides/${ride.id}/bids/${bids[0].id}/accept`, {});
  log('customer accepted the bid');

  const openActive = visible('open-active');
  await expect(openActive).toBeVisible();
  await shot('accepted');
  await openActive.click();
  await expect(page).toHaveURL(/\/driver\/active$/);
  await expect(visible('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');

  for (const next of [
    'DRIVER_ARRIVING',
    'PICKUP_ARRIVED',
    'LOADING',
    'IN_TRANSIT',
    'DROPOFF_ARRIVED',
    'COMPLETED',
  ]) {
    const button = visible('next-status');
    await expect(button).toHaveAttribute('data-next-status', next);
    if (next === 'IN_TRANSIT') await shot('active');
    await button.click();
    await expect(visible('ride-status')).toHaveAttribute('data-status', next);
    log(`status ${next}`);
  }
  await expect(visible('ride-done')).toBeVisible();
  await expect(visible('next-status')).toHaveCount(0);
  await shot('completed');
  const finished = await api(customer.accessToken, 'GET', `/api/rides/${ride.id}`);
  const status = finished.status ?? finished.ride?.status;
  if (status !== 'COMPLETED') throw new Error(`the api says the ride is ${status}`);
  log('the api has the ride COMPLETED');
}

export const driverShift = {
  name: 'shift',
  title: 'the driver’s shift, from sign-in to a completed ride',
  scenario: driveShift,
};

// Alone: `node e2e/driver-shift.e2e.mjs`; with the other scenario on one stack: e2e/run-all.mjs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMobileE2e([driverShift]);
