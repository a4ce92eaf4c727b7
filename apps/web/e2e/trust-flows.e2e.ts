import { randomUUID } from 'node:crypto';
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

// The trust layer and the marketplace's depth through the web app, against the real stack: a new driver sends
// the five documents and an admin approves them one by one, which verifies the driver; a customer's ride with a
// recipient and an offered price is taken at that price, the two parties chat live, the customer shares a
// tracking link whose public page shows no price or phone, and the driver completes with the recipient's code.
test.describe.configure({ mode: 'serial' });

const SUPERADMIN = { phone: '+21620000000', password: 'truck4u-demo' };
const CUSTOMER = { role: 'customer' as const, phone: '+21621000001' };
// A demo driver no other e2e file uses.
const DRIVER = { role: 'driver' as const, phone: '+21622000005' };
// Pickup and dropoff 260 m apart: the driver's one position is near both, so arriving at the dropoff passes
// the distance check without a position jump (the api flags jumps above 180 km/h).
const PICKUP = { lat: 36.8065, lng: 10.1815, address: 'Tunis, avenue Habib Bourguiba' };
const DROPOFF = { lat: 36.8085, lng: 10.183, address: 'Tunis, rue de Marseille' };

// The smallest file the api's first-byte check takes as a JPEG.
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
  Buffer.alloc(200, 1),
]);
const file = (name: string) => ({ name, mimeType: 'image/jpeg', buffer: JPEG });

async function adminLogIn(page: Page) {
  await page.goto(`${baseUrl()}/fr/admin/login`);
  await page.getByTestId('login-phone').fill(SUPERADMIN.phone);
  await page.getByTestId('login-password').fill(SUPERADMIN.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('admin-role')).toBeVisible();
}

test('a new driver sends the five documents and is verified once an admin approves the last', async ({
  browser,
}) => {
  const phone = freshPhone();
  const register = await fetch(`${apiUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      role: 'driver',
      phone,
      password: 'driver-e2e-pass',
      name: 'Karim Documents',
      vehicle: { type: 'SMALL_VAN', plate: '245 TU 1000', capacityKg: 1200 },
    }),
  });
  expect(register.status).toBe(201);
  const driverContext = await newContext(browser, { phone: true });
  const adminContext = await newContext(browser);
  try {
    const driverPage = await driverContext.newPage();
    await logIn(driverPage, { role: 'driver', phone, password: 'driver-e2e-pass' });
    await driverPage.goto(`${baseUrl()}/fr/driver/documents`);
    await expect(driverPage.getByTestId('documents-summary')).toHaveAttribute('data-missing', '5');
    const card = (kind: string) => driverPage.locator(`[data-testid="document-card"][data-kind="${kind}"]`);
    const send = async (kind: string, fill: () => Promise<void>) => {
      await card(kind)
        .locator('input[type="file"]')
        .setInputFiles(file(`${kind}.jpg`));
      await fill();
      await driverPage.getByTestId(`document-submit-${kind}`).click();
      await expect(card(kind)).toHaveAttribute('data-status', 'PENDING');
    };
    await send('CIN', () => driverPage.getByTestId('document-number-CIN').fill('08123456'));
    await send('DRIVING_LICENCE', async () => {
      await driverPage.getByTestId('document-number-DRIVING_LICENCE').fill('12/345678');
      await driverPage.getByTestId('document-expiry-DRIVING_LICENCE').fill('2030-06-30');
      // Mantine's chip hides its checkbox: the driver taps the chip's label.
      const chip = await driverPage.getByTestId('licence-B').getAttribute('id');
      await driverPage.locator(`label[for="${chip}"]`).click();
      await expect(driverPage.getByTestId('licence-B')).toBeChecked();
    });
    await send('VEHICLE_REGISTRATION', () =>
      driverPage.getByTestId('document-number-VEHICLE_REGISTRATION').fill('245 TU 1000'),
    );
    await send('INSURANCE', () => driverPage.getByTestId('document-expiry-INSURANCE').fill('2027-12-31'));
    await send('TECHNICAL_INSPECTION', () =>
      driverPage.getByTestId('document-expiry-TECHNICAL_INSPECTION').fill('2027-09-30'),
    );
    await shot(driverPage, 'driver-documents-fr-phone');

    const admin = await adminContext.newPage();
    await adminLogIn(admin);
    await admin.goto(`${baseUrl()}/fr/admin/drivers`);
    await admin.getByTestId('admin-driver-search').fill(phone.slice(-8));
    await admin.getByTestId('admin-driver-search').press('Enter');
    const row = admin.locator('[data-testid="admin-driver-row"]').filter({ hasText: 'Karim Documents' });
    await row.getByTestId('admin-driver-documents').click();
    const dialog = admin.getByTestId('admin-documents');
    await expect(dialog.getByTestId('admin-document')).toHaveCount(5);
    await shot(admin, 'admin-documents-fr');
    for (let left = 5; left > 0; left--) {
      await dialog
        .locator('[data-testid="admin-document"][data-status="PENDING"]')
        .first()
        .getByTestId('admin-document-approve')
        .click();
      await expect(dialog.locator('[data-testid="admin-document"][data-status="PENDING"]')).toHaveCount(
        left - 1,
      );
    }
    await expect(dialog.getByTestId('admin-documents-complete')).toBeVisible();
    // The driver's page follows the reviews live: nothing left to send.
    await expect(driverPage.getByTestId('documents-summary')).toHaveAttribute('data-missing', '0');
    // The same page in Arabic, right to left.
    await driverPage.goto(`${baseUrl()}/ar/driver/documents`);
    await expect(driverPage.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(driverPage.getByTestId('documents-summary')).toHaveAttribute('data-missing', '0');
    await shot(driverPage, 'driver-documents-ar-phone');
    const session = await apiLogin('driver', phone, 'driver-e2e-pass');
    const me = await apiCall<{ verificationStatus: string }>(session.accessToken, 'GET', '/api/me');
    expect(me.verificationStatus).toBe('VERIFIED');
  } finally {
    await driverContext.close();
    await adminContext.close();
  }
});

test('a ride at the offered price: live chat, a public tracking page without prices, delivery by code', async ({
  browser,
}) => {
  const customer = await apiLogin('customer', CUSTOMER.phone);
  const driver = await apiLogin('driver', DRIVER.phone);
  await apiCall(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: true });
  await apiCall(driver.accessToken, 'POST', '/api/drivers/me/location', { lat: PICKUP.lat, lng: PICKUP.lng });
  const response = await fetch(`${apiUrl()}/api/rides`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${customer.accessToken}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({
      pickup: PICKUP,
      dropoff: DROPOFF,
      vehicleType: 'SMALL_VAN',
      cargo: { description: 'e2e: deux cartons fragiles', weightKg: 40 },
      offeredPrice: 35_000,
      recipient: { name: 'Leila Recipient', phone: '+21698123456' },
    }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const ride = (await response.json()) as { id: string };
  await waitUntilOffered(driver.accessToken, ride.id, 20_000);
  // One tap: the bid is at the customer's offered price.
  const bid = await apiCall<{ id: string; price: number }>(
    driver.accessToken,
    'POST',
    `/api/rides/${ride.id}/bids`,
    {
      etaMinutes: 8,
    },
  );
  expect(bid.price).toBe(35_000);

  const customerContext = await newContext(browser);
  const driverContext = await newContext(browser, { phone: true });
  const publicContext = await newContext(browser, { phone: true });
  try {
    const customerPage = await customerContext.newPage();
    await logIn(customerPage, CUSTOMER);
    await customerPage.goto(`${baseUrl()}/fr/app/rides/${ride.id}`);
    await customerPage
      .locator(`[data-testid="bid-card"][data-bid-id="${bid.id}"]`)
      .getByTestId('accept-bid')
      .click();
    await expect(customerPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');
    await expect(customerPage.getByTestId('ride-driver')).toBeVisible();

    const driverPage = await driverContext.newPage();
    await logIn(driverPage, DRIVER);
    await driverPage.goto(`${baseUrl()}/fr/driver/rides/${ride.id}`);
    await expect(driverPage.getByTestId('chat-panel')).toBeVisible();

    // Chat, live both ways: free text from the customer, a quick reply from the driver.
    await customerPage.getByTestId('chat-input').fill('Le code de l’immeuble est 1234');
    await customerPage.getByTestId('chat-send').click();
    await expect(
      driverPage.getByTestId('chat-message').filter({ hasText: 'immeuble est 1234' }),
    ).toBeVisible();
    await driverPage.getByTestId('quick-reply-ON_MY_WAY').click();
    await expect(customerPage.getByTestId('chat-message').filter({ hasText: 'J’arrive' })).toBeVisible();
    await shot(driverPage, 'driver-ride-chat-fr-phone');

    // The tracking link for the recipient: status, vehicle and the driver's first name, no price or phone.
    await customerPage.getByTestId('share-ride').click();
    const url = await customerPage.getByTestId('share-url').inputValue();
    const token = url.split('/track/')[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{22,64}$/);
    const publicPage = await publicContext.newPage();
    await publicPage.goto(`${baseUrl()}/fr/track/${token}`);
    await expect(publicPage.getByTestId('track-page')).toBeVisible();
    await expect(publicPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'BID_ACCEPTED');
    // What the page shows (the document also carries the message catalogues, which name currencies).
    const text = (await publicPage.getByTestId('track-page').textContent()) ?? '';
    expect(text).toContain('Fathi');
    // The demo driver is "Fathi Sfax": the first name only.
    expect(text).not.toContain('Sfax');
    // No amount at all: every price the app shows carries the currency.
    expect(text).not.toMatch(/\bDT\b|TND/);
    expect(text).not.toContain('98123456');
    expect(text).not.toContain(PICKUP.address);
    await shot(publicPage, 'public-tracking-fr-phone');
    await publicPage.goto(`${baseUrl()}/ar/track/${token}`);
    await expect(publicPage.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(publicPage.getByTestId('track-page')).toBeVisible();
    await shot(publicPage, 'public-tracking-ar-phone');
    await customerPage.goto(`${baseUrl()}/ar/app/rides/${ride.id}`);
    await expect(customerPage.getByTestId('chat-message').first()).toBeVisible();
    await shot(customerPage, 'customer-ride-chat-ar-desktop');
    await customerPage.goto(`${baseUrl()}/fr/app/rides/${ride.id}`);
    await expect(customerPage.getByTestId('share-ride')).toBeVisible();

    for (const status of ['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT']) {
      await apiCall(driver.accessToken, 'PATCH', `/api/rides/${ride.id}/status`, { status });
    }
    // The public page follows the status live.
    await expect(publicPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'IN_TRANSIT');
    // The customer sees the code the recipient got by SMS; the driver completes with it.
    await customerPage.reload();
    const code = await customerPage.getByTestId('delivery-code').getAttribute('data-code');
    expect(code).toMatch(/^\d{6}$/);
    await apiCall(driver.accessToken, 'PATCH', `/api/rides/${ride.id}/status`, { status: 'DROPOFF_ARRIVED' });
    await driverPage.reload();
    await driverPage.getByTestId('delivery-code-input').fill(code ?? '');
    await driverPage.getByTestId('next-status').click();
    await expect(driverPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');
    await expect(customerPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');
    await expect(publicPage.getByTestId('ride-status')).toHaveAttribute('data-status', 'COMPLETED');
  } finally {
    await apiCall(driver.accessToken, 'PATCH', '/api/drivers/me/availability', { online: false }).catch(
      () => undefined,
    );
    await customerContext.close();
    await driverContext.close();
    await publicContext.close();
  }
});
