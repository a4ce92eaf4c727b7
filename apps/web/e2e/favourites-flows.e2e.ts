import { expect, type Page, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  apiUrl,
  baseUrl,
  freshPhone,
  logIn,
  newContext,
  shot,
  waitUntilOffered,
} from './helpers';

// A returning customer's tools through the web app, against the real stack, on a phone: an address saved in the
// profile (and renamed) is picked again on the post form, the dropoff just typed is saved from the form, a ride
// with a stop and its note is posted, shown in order and walked by the driver; the customer rates the driver on
// each criterion and makes them a favourite, then posts a second ride to favourites first, and finally sees and
// removes the favourite in the profile.
test.describe.configure({ mode: 'serial' });

const CUSTOMER = { role: 'customer' as const, phone: freshPhone(), password: 'client-fav-pass' };
// A demo driver no other e2e file uses; the only flatbed, so no other driver can take these rides.
const DRIVER = { role: 'driver' as const, phone: '+21622000006' };
const BOURGUIBA = { lat: 36.8008, lng: 10.18 };
const STOP_NOTE = 'Sonner au portail vert';

let rideId = '';
let driverId = '';

async function driverToken(): Promise<string> {
  return (await apiLogin('driver', DRIVER.phone)).accessToken;
}

/** Picks the first suggestion for `query` in the address field with hook `testId`. */
async function choosePlace(page: Page, testId: string, query: string): Promise<void> {
  await page.getByTestId(testId).fill(query);
  await page.getByTestId('place-option').first().click();
}

/** The body of the next ride the page posts. */
function nextPostedRide(page: Page): Promise<Record<string, unknown>> {
  return page
    .waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/rides')
    .then((r) => r.postDataJSON() as Record<string, unknown>);
}

test.beforeAll(async () => {
  const response = await fetch(`${apiUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...CUSTOMER, name: 'Nadia Fidèle' }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const token = await driverToken();
  await apiCall(token, 'PATCH', '/api/drivers/me/availability', { online: true });
  await apiCall(token, 'POST', '/api/drivers/me/location', BOURGUIBA);
});

test.afterAll(async () => {
  await apiCall(await driverToken(), 'PATCH', '/api/drivers/me/availability', { online: false }).catch(
    () => undefined,
  );
});

test('an address saved and renamed in the profile is picked on the post form; a ride with a stop is posted', async ({
  browser,
}) => {
  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await logIn(page, CUSTOMER);
    await page.goto(`${baseUrl()}/fr/app/profile`);
    await page.getByTestId('saved-address-new-label').fill('Dépôt');
    await choosePlace(page, 'saved-address-new-place', 'Bourguiba');
    await page.getByTestId('saved-address-submit').click();
    const saved = page.getByTestId('saved-address');
    await expect(saved).toHaveCount(1);
    await saved.getByTestId('saved-address-rename').click();
    await saved.getByTestId('saved-address-rename-input').fill('Dépôt central');
    await saved.getByTestId('saved-address-rename-submit').click();
    await expect(saved.getByTestId('saved-address-label')).toHaveText('Dépôt central');
    await expect(saved).toHaveCount(1);
    // The rename is kept by the api, not only on the page.
    await page.reload();
    await expect(page.getByTestId('saved-address-label')).toHaveText(['Dépôt central']);

    await page.goto(`${baseUrl()}/fr/app`);
    await page
      .getByTestId('saved-addresses-pickup')
      .getByTestId('saved-address-option')
      .filter({ hasText: 'Dépôt central' })
      .click();
    await expect(page.getByTestId('pickup-input')).toHaveValue('Avenue Habib Bourguiba, Tunis');
    // The pickup is a saved place already: nothing to save.
    await expect(page.getByTestId('save-address-pickup')).toHaveCount(0);
    await choosePlace(page, 'dropoff-input', 'Marsa');
    await page.getByTestId('save-address-dropoff').click();
    await page.getByTestId('save-address-label').fill('Client Marsa');
    await page.getByTestId('save-address-submit').click();
    await expect(
      page
        .getByTestId('saved-addresses-dropoff')
        .getByTestId('saved-address-option')
        .filter({ hasText: 'Client Marsa' }),
    ).toHaveAttribute('aria-pressed', 'true');
    // Saving the address did not post the ride.
    await expect(page).toHaveURL(/\/fr\/app$/);

    await expect(page.getByTestId('estimate')).toHaveAttribute('data-amount', /^\d+$/);
    const before = Number(await page.getByTestId('estimate').getAttribute('data-amount'));
    await page.getByTestId('add-stop').click();
    await choosePlace(page, 'stop-input-0', 'Ariana');
    await page.getByTestId('stop-note-0').fill(STOP_NOTE);
    // The detour through Ariana is priced.
    await expect
      .poll(async () => Number(await page.getByTestId('estimate').getAttribute('data-amount')))
      .toBeGreaterThan(before);
    // No favourite yet: the favourites-first choice is not offered.
    await expect(page.getByTestId('favourites-first')).toHaveCount(0);
    await page.getByTestId('vehicle-FLATBED').click();
    await page.getByTestId('cargo-description').fill('e2e: trois palettes');
    await page.getByTestId('cargo-weight').fill('500');
    await page.getByTestId('stop-draft').scrollIntoViewIfNeeded();
    await shot(page, 'post-ride-stops-fr-phone');
    const posted = nextPostedRide(page);
    await page.getByTestId('post-ride').click();
    const body = await posted;
    expect(body.stops).toEqual([
      expect.objectContaining({ address: `Ariana Ville — ${STOP_NOTE}`, lat: 36.8625, lng: 10.1956 }),
    ]);
    expect(body).not.toHaveProperty('favouritesFirst');
    await expect(page).toHaveURL(/\/fr\/app\/rides\/[0-9a-f-]{36}$/);
    rideId = page.url().split('/').at(-1) ?? '';
    const stop = page.getByTestId('stops').getByTestId('stop');
    await expect(stop).toHaveCount(1);
    await expect(stop).toHaveAttribute('data-status', 'PENDING');
    await expect(stop).toContainText(STOP_NOTE);
  } finally {
    await context.close();
  }
});

test('the driver walks the ride through its stop; the customer rates each criterion and marks a favourite', async ({
  browser,
}) => {
  const token = await driverToken();
  await waitUntilOffered(token, rideId, 30_000);
  const bid = await apiCall<{ id: string; driverId: string }>(token, 'POST', `/api/rides/${rideId}/bids`, {
    price: 80_000,
    etaMinutes: 10,
  });
  driverId = bid.driverId;
  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await logIn(page, CUSTOMER);
    await page.goto(`${baseUrl()}/fr/app/rides/${rideId}`);
    await page.locator(`[data-testid="bid-card"][data-bid-id="${bid.id}"]`).getByTestId('accept-bid').click();
    await expect(page.getByTestId('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');
    // A driver who has not finished a ride for the customer cannot be a favourite yet: no button.
    await expect(page.getByTestId('favourite-toggle')).toHaveCount(0);
    // The driver sees the whole route, the stop and its note included, before setting off.
    const driverContext = await newContext(browser, { phone: true });
    try {
      const driverPage = await driverContext.newPage();
      await logIn(driverPage, DRIVER);
      await driverPage.goto(`${baseUrl()}/fr/driver/rides/${rideId}`);
      const driverStop = driverPage.getByTestId('stops').getByTestId('stop');
      await expect(driverStop).toHaveAttribute('data-status', 'PENDING');
      await expect(driverStop).toContainText(`Ariana Ville — ${STOP_NOTE}`);
      await driverStop.scrollIntoViewIfNeeded();
      await shot(driverPage, 'driver-ride-stops-fr-phone');
    } finally {
      await driverContext.close();
    }
    for (const status of ['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT']) {
      await apiCall(token, 'PATCH', `/api/rides/${rideId}/status`, { status });
    }
    await apiCall(token, 'PATCH', `/api/rides/${rideId}/stops/0`, { status: 'ARRIVED' });
    await apiCall(token, 'PATCH', `/api/rides/${rideId}/stops/0`, { status: 'DONE' });
    await page.reload();
    await expect(page.getByTestId('stops').getByTestId('stop')).toHaveAttribute('data-status', 'DONE');
    for (const status of ['DROPOFF_ARRIVED', 'COMPLETED']) {
      await apiCall(token, 'PATCH', `/api/rides/${rideId}/status`, { status });
    }
    await expect(page.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');

    // The rating form in Arabic, right to left, before rating in French.
    await page.goto(`${baseUrl()}/ar/app/rides/${rideId}`);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByTestId('rating-punctuality-4').click();
    await page.getByTestId('rating-submit').scrollIntoViewIfNeeded();
    await shot(page, 'ride-rating-criteria-ar-phone');
    await page.getByTestId('stops').scrollIntoViewIfNeeded();
    await shot(page, 'ride-stops-ar-phone');

    await page.goto(`${baseUrl()}/fr/app/rides/${rideId}`);
    const favourite = page.getByTestId('favourite-toggle');
    await expect(favourite).toHaveAttribute('data-favourite', 'false');
    await favourite.click();
    await expect(favourite).toHaveAttribute('data-favourite', 'true');
    await favourite.scrollIntoViewIfNeeded();
    await shot(page, 'ride-favourite-fr-phone');
    await page.getByTestId('rating-4').click();
    await page.getByTestId('rating-punctuality-5').click();
    await page.getByTestId('rating-care-4').click();
    // Two criteria of three: the api takes all three or none, so the form will not send this.
    await expect(page.getByTestId('rating-submit')).toBeDisabled();
    await page.getByTestId('rating-communication-3').click();
    await page.getByTestId('rating-submit').scrollIntoViewIfNeeded();
    await shot(page, 'ride-rating-criteria-fr-phone');
    await page.getByTestId('rating-submit').click();
    await expect(page.getByTestId('rating-done')).toBeVisible();
    // What the next customer sees on the driver's public card.
    const profile = await apiCall<{
      rating: {
        average: number;
        criteria: { punctuality: number; care: number; communication: number; count: number };
      };
    }>(token, 'GET', `/api/drivers/${driverId}/profile`);
    expect(profile.rating.average).toBe(4);
    expect(profile.rating.criteria).toEqual({ punctuality: 5, care: 4, communication: 3, count: 1 });
  } finally {
    await context.close();
  }
});

test('the next ride goes to favourites first, from both saved addresses, with a stop', async ({
  browser,
}) => {
  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await logIn(page, CUSTOMER, 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page
      .getByTestId('saved-addresses-pickup')
      .getByTestId('saved-address-option')
      .filter({ hasText: 'Dépôt central' })
      .click();
    await page
      .getByTestId('saved-addresses-dropoff')
      .getByTestId('saved-address-option')
      .filter({ hasText: 'Client Marsa' })
      .click();
    await expect(page.getByTestId('dropoff-input')).toHaveValue('La Marsa');
    await page.getByTestId('add-stop').click();
    await choosePlace(page, 'stop-input-0', 'Charguia');
    await page.getByTestId('vehicle-FLATBED').click();
    await page.getByTestId('cargo-description').fill('e2e: deux palettes');
    await page.getByTestId('cargo-weight').fill('300');
    const first = page.getByTestId('favourites-first');
    await first.check();
    await page.getByTestId('stop-draft').scrollIntoViewIfNeeded();
    await shot(page, 'post-ride-stops-ar-phone');
    const posted = nextPostedRide(page);
    await page.getByTestId('post-ride').click();
    const body = await posted;
    expect(body.favouritesFirst).toBe(true);
    expect(body.stops).toEqual([expect.objectContaining({ address: 'Charguia, zone industrielle' })]);
    await expect(page).toHaveURL(/\/ar\/app\/rides\/[0-9a-f-]{36}$/);
    const secondRide = page.url().split('/').at(-1) ?? '';
    // The favourite is asked.
    const token = await driverToken();
    await waitUntilOffered(token, secondRide, 30_000);
    await page.getByTestId('cancel-ride').click();
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('ride-status')).toHaveAttribute('data-status', 'CANCELLED');
  } finally {
    await context.close();
  }
});

test('the profile lists the favourite driver and removes them', async ({ browser }) => {
  const context = await newContext(browser, { phone: true });
  try {
    const page = await context.newPage();
    await logIn(page, CUSTOMER, 'ar');
    await page.goto(`${baseUrl()}/ar/app/profile`);
    const row = page.locator(`[data-testid="favourite-driver"][data-driver-id="${driverId}"]`);
    await expect(row).toContainText('Ridha');
    await expect(page.getByTestId('saved-address')).toHaveCount(2);
    await shot(page, 'profile-ar-phone');
    await page.goto(`${baseUrl()}/fr/app/profile`);
    await expect(row).toBeVisible();
    await shot(page, 'profile-fr-phone');
    await row.getByTestId('favourite-remove').click();
    await expect(row).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('saved-address')).toHaveCount(2);
    await expect(page.getByTestId('favourite-driver')).toHaveCount(0);
    // Without favourites the post form no longer offers to ask them first.
    await page.goto(`${baseUrl()}/fr/app`);
    await expect(page.getByTestId('saved-address-option').first()).toBeVisible();
    await expect(page.getByTestId('favourites-first')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
