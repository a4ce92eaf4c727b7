// A customer's ride in the mobile web export, against the real api, worker and stand-ins: the customer signs in
// on a phone-sized Chromium, posts a ride from the Home form, sees the bid the demo driver makes through the
// api arrive live, accepts it, chats with the driver, follows each status the driver sets through the api,
// pays cash and rates the driver. Screenshots go to docs/screenshots/mobile/customer-e2e-*.png. The stack, the
// export and the browser: ./stack.mjs.
//
// Usage (from the repository root): npm run e2e -w @truck4u/mobile (runs this and driver-shift.e2e.mjs),
// or node apps/mobile/e2e/customer-ride.e2e.mjs for this one alone.

import { pathToFileURL } from 'node:url';
import { CUSTOMER_PHONE, DEMO_PASSWORD, DRIVER_PHONE, expect, log, runMobileE2e } from './stack.mjs';

const RIDE_PATH = /\/customer\/rides\/([0-9a-f-]{36})$/;

/** Picks a place from the address suggestions (the built-in list: the export has no geocoder). */
async function choosePlace(page, visible, testId, typed, label) {
  await visible(testId).fill(typed);
  await page.locator('[data-testid="place-option"]:visible', { hasText: label }).first().click();
}

async function rideAsCustomer({ page, visible, api, login, shot, appUrl }) {
  // The driver is on shift near the pickup before the ride is posted, so the dispatcher offers it to them.
  const driver = await login('driver', DRIVER_PHONE);
  await api(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: true });
  await api(driver.accessToken, 'POST', '/api/drivers/me/location', { lat: 36.8065, lng: 10.1815 });
  const { ratingCount: ratingsBefore } = await api(driver.accessToken, 'GET', '/api/me');
  log('the demo driver is online in Tunis');

  await page.goto(`${appUrl}/sign-in`);
  await visible('login-role-customer').click();
  await visible('login-phone').fill(CUSTOMER_PHONE);
  await visible('login-password').fill(DEMO_PASSWORD);
  await shot('sign-in');
  await visible('login-submit').click();
  await expect(page).toHaveURL(/\/customer$/);
  log('signed in as the demo customer');

  await choosePlace(page, visible, 'pickup-input', 'Avenue Habib', 'Avenue Habib Bourguiba, Tunis');
  await choosePlace(page, visible, 'dropoff-input', 'La Marsa', 'La Marsa');
  await visible('vehicle-SMALL_VAN').click();
  await visible('cargo-description').fill('e2e mobile: 8 cartons de carrelage');
  await visible('cargo-weight').fill('300');
  const estimate = visible('estimate');
  await expect(estimate).toBeVisible();
  const estimated = Number(await estimate.getAttribute('data-amount'));
  if (!Number.isInteger(estimated) || estimated <= 0) throw new Error(`estimate of ${estimated} millimes`);
  await shot('post');
  await visible('post-ride').click();
  await expect(page).toHaveURL(RIDE_PATH);
  const rideId = RIDE_PATH.exec(new URL(page.url()).pathname)?.[1];
  const customer = await login('customer', CUSTOMER_PHONE);
  const posted = await api(customer.accessToken, 'GET', `/api/rides/${rideId}`);
  if (posted.status !== 'PENDING_BIDS' || posted.dropoff.address !== 'La Marsa')
    throw new Error(`the api has the ride as ${JSON.stringify(posted)}`);
  await expect(visible('ride-status')).toHaveAttribute('data-status', 'PENDING_BIDS');
  log(`posted ride ${rideId} (estimate ${estimated} millimes)`);

  // The dispatcher offers it to the driver (a worker job): the driver bids as soon as the api lists it.
  await expect
    .poll(async () => {
      const { items } = await api(driver.accessToken, 'GET', '/api/drivers/me/rides/available');
      return items.some((item) => (item.ride?.id ?? item.id) === rideId);
    })
    .toBe(true);
  const bid = await api(driver.accessToken, 'POST', `/api/rides/${rideId}/bids`, {
    price: 90_000,
    etaMinutes: 12,
  });
  log('the driver bid 90 TND through the api');

  const card = page.locator(`[data-testid="bid-card"][data-bid-id="${bid.id}"]:visible`);
  await expect(card).toBeVisible();
  await expect(card).toContainText('90');
  await shot('bid');
  await card.locator('[data-testid="accept-bid"]').click();
  await expect(visible('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');
  const accepted = await api(customer.accessToken, 'GET', `/api/rides/${rideId}`);
  if (accepted.driverId !== bid.driverId || accepted.price !== 90_000)
    throw new Error(`after acceptance the api has ${JSON.stringify(accepted)}`);
  await expect(visible('driver-name')).toBeVisible();
  log('accepted: the driver is assigned at 90000 millimes');

  // Chat both ways: the customer types on the phone, the driver answers through the api.
  const chat = visible('chat-panel');
  await expect(chat).toBeVisible();
  await visible('chat-input').fill('Le colis est au deuxième étage');
  await visible('chat-send').click();
  await expect(chat.locator('[data-testid="chat-message"]', { hasText: 'deuxième étage' })).toBeVisible();
  await expect
    .poll(async () => {
      const { items } = await api(driver.accessToken, 'GET', `/api/rides/${rideId}/messages`);
      return items.map((m) => m.text);
    })
    .toContain('Le colis est au deuxième étage');
  await api(driver.accessToken, 'POST', `/api/rides/${rideId}/messages`, { text: 'Bien reçu, je monte' });
  await expect(
    chat.locator('[data-testid="chat-message"]', { hasText: 'Bien reçu, je monte' }),
  ).toBeVisible();
  await chat.scrollIntoViewIfNeeded();
  await shot('chat');
  log('chat: both messages shown');

  for (const next of [
    'DRIVER_ARRIVING',
    'PICKUP_ARRIVED',
    'LOADING',
    'IN_TRANSIT',
    'DROPOFF_ARRIVED',
    'COMPLETED',
  ]) {
    await api(driver.accessToken, 'PATCH', `/api/rides/${rideId}/status`, { status: next });
    await expect(visible('ride-status')).toHaveAttribute('data-status', next);
    await expect(visible(`timeline-${next}`)).toHaveAttribute(
      'data-state',
      next === 'COMPLETED' ? 'done' : 'now',
    );
    if (next === 'IN_TRANSIT') {
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('in-transit');
    }
    log(`status ${next} shown`);
  }

  await visible('pay-cash').click();
  await expect(visible('payment-done')).toBeVisible();
  await visible('rating-5').click();
  await visible('rating-submit').click();
  await expect(visible('rating-done')).toBeVisible();
  await shot('rated');
  const paid = await api(customer.accessToken, 'GET', `/api/rides/${rideId}`);
  if (paid.status !== 'COMPLETED' || paid.payment?.method !== 'CASH')
    throw new Error(
      `after paying the api has the ride ${paid.status}, payment ${JSON.stringify(paid.payment)}`,
    );
  const { ratingCount: ratingsAfter } = await api(driver.accessToken, 'GET', '/api/me');
  if (ratingsAfter !== ratingsBefore + 1)
    throw new Error(`driver ratings ${ratingsBefore} -> ${ratingsAfter}`);
  log('paid in cash and rated: the api has both');
}

export const customerRide = {
  name: 'customer-e2e',
  title: 'the customer’s ride, from posting to rating the driver',
  scenario: rideAsCustomer,
};

// Alone: `node e2e/customer-ride.e2e.mjs`; with the other scenario on one stack: e2e/run-all.mjs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMobileE2e([customerRide]);
