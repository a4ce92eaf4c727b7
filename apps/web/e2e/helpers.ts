import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';

export const baseUrl = (): string => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set (the global setup starts the stack)');
  return url;
};
export const apiUrl = (): string => process.env.E2E_API_URL ?? baseUrl();

export const DEMO_PASSWORD = 'truck4u-demo';
export const TUNIS_CENTRE = { latitude: 36.8065, longitude: 10.1815 };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

/** A screenshot for docs/screenshots (the map's grey tiles are expected: tests run without tiles). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
}

export async function newContext(
  browser: Browser,
  options: { phone?: boolean; geolocation?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: options.phone ? PHONE : DESKTOP,
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    ...(options.geolocation ? { geolocation: TUNIS_CENTRE, permissions: ['geolocation'] } : {}),
    locale: 'fr-TN',
    timezoneId: 'Africa/Tunis',
  });
}

/** Signs in through the login page by its data-testid hooks. */
export async function logIn(
  page: Page,
  account: { role: 'customer' | 'driver'; phone: string; password?: string },
  locale = 'fr',
): Promise<void> {
  await page.goto(`${baseUrl()}/${locale}/login`);
  await page.getByTestId(`login-role-${account.role}`).click();
  await page.getByTestId('login-phone').fill(account.phone);
  await page.getByTestId('login-password').fill(account.password ?? DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/${account.role === 'driver' ? 'driver' : 'app'}$`));
}

/** A Tunisian mobile number nobody has used yet. */
export function freshPhone(): string {
  return `+2162${String(Date.now() % 10_000_000).padStart(7, '0')}`;
}

export async function apiLogin(role: string, phone: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${apiUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, phone, password }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { accessToken: string; user: { id: string } };
}

/** A call to the api as a signed-in user; fails the test on an unexpected status. */
export async function apiCall<T>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201],
): Promise<T> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(expected, `${method} ${path}: ${response.status} ${text}`).toContain(response.status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until the dispatch worker has offered `rideId` to the driver (their list of available rides). */
export async function waitUntilOffered(
  driverToken: string,
  rideId: string,
  timeoutMs: number,
): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await apiCall<{ items: Array<{ ride: { id: string } }> }>(
            driverToken,
            'GET',
            '/api/drivers/me/rides/available',
          )
        ).items.some((item) => item.ride.id === rideId),
      { timeout: timeoutMs },
    )
    .toBe(true);
}

/** The last login code the SMS stand-in received for a phone (the stack's stand-in keeps every message). */
export async function lastSmsCode(phone: string): Promise<string> {
  const smsUrl = process.env.E2E_SMS_URL;
  if (!smsUrl) throw new Error('E2E_SMS_URL is not set (the global setup starts the SMS stand-in)');
  let code: string | undefined;
  await expect
    .poll(async () => {
      const response = await fetch(`${smsUrl}/__stand-in/messages?to=${encodeURIComponent(phone)}`);
      const { messages } = (await response.json()) as { messages: Array<{ body: string }> };
      code = messages.at(-1)?.body.match(/\b(\d{6})\b/)?.[1];
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code ?? '';
}
