import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { rides, subscriptions } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { fundWallet } from '#test/payment-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { AdjustableClock } from '../../infra/clock';
import { TwilioSmsSender } from '../../providers/sms/twilio-sms-sender';
import { resolveCommissionRate } from '../commissions/commission-rate';
import { SmsNotificationSender } from '../notifications/notification-sender';
import { balanceOf, customerWallet, ledgerTotal } from '../wallet/ledger';
import { SubscriptionsService } from './subscriptions.service';

let env: TestEnvironment;
let sweeper: SubscriptionsService;
beforeAll(async () => {
  env = await createTestEnvironment();
  const sms = new TwilioSmsSender({
    baseUrl: env.sms.url,
    accountSid: 'ACtest0000000000000000000000000000',
    authToken: 'test-auth-token',
    from: '+21670000000',
    timeoutMs: 2_000,
  });
  const silent = { warn: () => {}, error: () => {} };
  sweeper = new SubscriptionsService(
    env.database.db,
    new SmsNotificationSender(env.database.db, sms, silent),
    { graceDays: 3, reminderDays: 3 },
    silent,
  );
});
afterAll(async () => env?.close());

const business = () => registerCustomer(env, { company: { name: 'Medina Textiles SA', taxId: '1111111X' } });
const subscribe = (customer: TestAccount, planCode = 'BUSINESS') =>
  call(env.app, 'POST', '/api/subscriptions', { token: customer.accessToken, body: { planCode } });
const wallet = (customer: TestAccount) => balanceOf(env.database.db, customerWallet(customer.user.id));
/** Moves a subscription's period end to `offset` from now (e.g. "-1 minute"), as if time had passed. */
const endPeriodAt = (id: string, offset: string) =>
  env.database.db
    .update(subscriptions)
    .set({ currentPeriodEnd: sql`now() + ${offset}::interval` })
    .where(eq(subscriptions.id, id));

describe('plans and subscribing', () => {
  it('lists the three plans with prices in millimes and commission rates', async () => {
    const response = await call(env.app, 'GET', '/api/subscriptions/plans');
    expect(response.body.items.map((p: { code: string }) => p.code)).toEqual([
      'STARTER',
      'BUSINESS',
      'ENTERPRISE',
    ]);
    expect(response.body.items[1]).toMatchObject({
      monthlyPrice: 149_000,
      commissionRateBps: 800,
      hasPriorityDispatch: true,
    });
  });

  it('subscribes a business, charging the first month from the wallet, and rides then use the plan rate', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 200_000);
    const response = await subscribe(customer);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'ACTIVE',
      plan: { code: 'BUSINESS' },
      cancelAtPeriodEnd: false,
    });
    expect(await wallet(customer)).toBe(51_000);
    expect(await resolveCommissionRate(env.database.db, customer.user.id, 'TN-61')).toEqual({
      rateBps: 800,
      source: 'B2B_PLAN',
    });
    const me = await call(env.app, 'GET', '/api/subscriptions/me', { token: customer.accessToken });
    expect(me.body.id).toBe(response.body.id);
    expect(await ledgerTotal(env.database.db)).toBe(0);
  });

  it('refuses without enough money, writing nothing', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 10_000);
    const response = await subscribe(customer);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_FUNDS');
    expect(await wallet(customer)).toBe(10_000);
    expect(
      (await call(env.app, 'GET', '/api/subscriptions/me', { token: customer.accessToken })).status,
    ).toBe(404);
  });

  it('refuses private customers, drivers, a second live plan, and unknown plans', async () => {
    const person = await registerCustomer(env);
    await fundWallet(env, person.user.id, 500_000);
    expect((await subscribe(person)).body.error.code).toBe('FORBIDDEN');
    const driver = await registerDriver(env);
    expect((await subscribe(driver)).status).toBe(403);
    const customer = await business();
    await fundWallet(env, customer.user.id, 500_000);
    const results = await Promise.all([
      subscribe(customer, 'STARTER'),
      subscribe(customer, 'BUSINESS'),
      subscribe(customer, 'ENTERPRISE'),
    ]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const charged = results.find((r) => r.status === 201)?.body.plan.monthlyPrice;
    expect(await wallet(customer)).toBe(500_000 - charged);
    expect((await subscribe(customer, 'PLATINUM')).status).toBe(400);
  });
});

describe('renewal sweep', () => {
  it('renews a due subscription once, even when the sweep runs twice at the same time', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000 * 2);
    const { body } = await subscribe(customer);
    await endPeriodAt(body.id, '-1 minute');
    await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect(await wallet(customer)).toBe(0);
    const me = await call(env.app, 'GET', '/api/subscriptions/me', { token: customer.accessToken });
    expect(me.body.status).toBe('ACTIVE');
    expect(new Date(me.body.currentPeriodEnd).getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect(env.sms.messagesTo(customer.phone).at(-1)?.body).toContain('renewed');
    await sweeper.sweep();
    expect(await wallet(customer)).toBe(0);
  });

  it('falls behind without money, tells the customer once, and expires after the grace period', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000);
    const { body } = await subscribe(customer);
    await endPeriodAt(body.id, '-1 minute');
    await sweeper.sweep();
    await sweeper.sweep();
    const late = await call(env.app, 'GET', '/api/subscriptions/me', { token: customer.accessToken });
    expect(late.body.status).toBe('PAST_DUE');
    expect(env.sms.messagesTo(customer.phone).filter((m) => m.body.includes('could not renew'))).toHaveLength(
      1,
    );
    // No plan rate while unpaid.
    expect((await resolveCommissionRate(env.database.db, customer.user.id, 'TN-11')).source).toBe(
      'GOVERNORATE',
    );

    await env.database.db
      .update(subscriptions)
      .set({ pastDueSince: sql`now() - interval '4 days'` })
      .where(eq(subscriptions.id, body.id));
    await sweeper.sweep();
    const [row] = await env.database.db.select().from(subscriptions).where(eq(subscriptions.id, body.id));
    expect(row?.status).toBe('EXPIRED');
    expect(
      (await call(env.app, 'GET', '/api/subscriptions/me', { token: customer.accessToken })).status,
    ).toBe(404);
  });

  it('renews a past-due subscription as soon as the wallet is topped up, for a full month from then', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000);
    const { body } = await subscribe(customer);
    await endPeriodAt(body.id, '-2 days');
    await sweeper.sweep();
    await fundWallet(env, customer.user.id, 149_000);
    await sweeper.sweep();
    const me = await call(env.app, 'GET', '/api/subscriptions/me', { token: customer.accessToken });
    expect(me.body.status).toBe('ACTIVE');
    expect(new Date(me.body.currentPeriodStart).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await wallet(customer)).toBe(0);
  });

  it('ends a cancelled subscription at period end without charging again', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000 * 2);
    const { body } = await subscribe(customer);
    const cancelled = await call(env.app, 'POST', '/api/subscriptions/me/cancel', {
      token: customer.accessToken,
    });
    expect(cancelled.body.cancelAtPeriodEnd).toBe(true);
    expect(cancelled.body.status).toBe('ACTIVE');
    await endPeriodAt(body.id, '-1 minute');
    await sweeper.sweep();
    expect(await wallet(customer)).toBe(149_000);
    const [row] = await env.database.db.select().from(subscriptions).where(eq(subscriptions.id, body.id));
    expect(row?.status).toBe('CANCELLED');
  });

  it('sends one renewal reminder per period, a few days before the end', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000);
    const { body } = await subscribe(customer);
    await endPeriodAt(body.id, '2 days');
    await sweeper.sweep();
    await sweeper.sweep();
    expect(env.sms.messagesTo(customer.phone).filter((m) => m.body.includes('renews on'))).toHaveLength(1);
  });

  it('renews on the date its clock reads, with the period following the old one exactly', async () => {
    const clock = new AdjustableClock();
    const silent = { warn: () => {}, error: () => {} };
    const sms = new TwilioSmsSender({ ...env.config.sms });
    const clockedSweeper = new SubscriptionsService(
      env.database.db,
      new SmsNotificationSender(env.database.db, sms, silent),
      { graceDays: 3, reminderDays: 3 },
      silent,
      clock,
    );
    const customer = await business();
    await fundWallet(env, customer.user.id, 2 * 149_000);
    const { body } = await subscribe(customer);
    const periodEnd = new Date(body.currentPeriodEnd);
    clock.pin(new Date(periodEnd.getTime() - 60_000));
    expect((await clockedSweeper.sweep()).renewed).toBe(0);
    clock.pin(new Date(periodEnd.getTime() + 60_000));
    expect((await clockedSweeper.sweep()).renewed).toBeGreaterThanOrEqual(1);
    const [row] = await env.database.db.select().from(subscriptions).where(eq(subscriptions.id, body.id));
    expect(row?.currentPeriodStart.toISOString()).toBe(periodEnd.toISOString());
    expect(row?.periodsPaid).toBe(2);
    expect(await wallet(customer)).toBe(0);
  });

  it('names the renewal day as a Tunisian reads it: 23:30 UTC on the 30th is the 31st', async () => {
    const clock = new AdjustableClock();
    const silent = { warn: () => {}, error: () => {} };
    const clockedSweeper = new SubscriptionsService(
      env.database.db,
      new SmsNotificationSender(env.database.db, new TwilioSmsSender({ ...env.config.sms }), silent),
      { graceDays: 3, reminderDays: 3 },
      silent,
      clock,
    );
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000);
    const { body } = await subscribe(customer);
    await env.database.db
      .update(subscriptions)
      .set({ currentPeriodEnd: new Date('2027-01-30T23:30:00Z') })
      .where(eq(subscriptions.id, body.id));
    clock.pin('2027-01-29T09:00:00Z');
    await clockedSweeper.sweep();
    const reminders = env.sms.messagesTo(customer.phone).filter((m) => m.body.includes('renews on'));
    expect(reminders.map((m) => m.body)).toEqual([expect.stringContaining('renews on 2027-01-31')]);
  });
});

describe('monthly invoice', () => {
  it('lists the month’s completed rides with price and commission, as printable HTML', async () => {
    const customer = await business();
    const driver = await registerDriver(env);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis' })
      .format(new Date())
      .slice(0, 7);
    await env.database.db.insert(rides).values({
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'COMPLETED',
      pickupLat: 36.8,
      pickupLng: 10.18,
      pickupAddress: 'Rue de <Marseille>, Tunis',
      dropoffLat: 34.74,
      dropoffLng: 10.76,
      dropoffAddress: 'Port de Sfax',
      vehicleType: 'BOX_TRUCK',
      cargoDescription: 'Textile rolls',
      cargoWeightKg: 2000,
      governorateCode: 'TN-11',
      distanceMeters: 270_000,
      priceEstimate: 450_000,
      price: 420_000,
      commissionRateBps: 800,
      completedAt: new Date(),
    });
    const response = await env.app.inject({
      method: 'GET',
      url: `/api/invoices/${month}`,
      headers: { authorization: `Bearer ${customer.accessToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Medina Textiles SA');
    expect(response.body).toContain('Rue de &lt;Marseille&gt;, Tunis');
    expect(response.body).toContain('420.000&nbsp;TND');
    expect(response.body).toContain('33.600&nbsp;TND');
    const person = await registerCustomer(env);
    expect((await call(env.app, 'GET', `/api/invoices/${month}`, { token: person.accessToken })).status).toBe(
      403,
    );
    expect(
      (await call(env.app, 'GET', '/api/invoices/2026-13', { token: customer.accessToken })).status,
    ).toBe(400);
  });
});

describe('subscription worker', () => {
  it('renews due subscriptions on its own schedule, in the real worker process', async () => {
    const customer = await business();
    await fundWallet(env, customer.user.id, 149_000 * 2);
    const { body } = await subscribe(customer);
    await endPeriodAt(body.id, '-1 minute');
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: env.databaseUrl,
        REDIS_KEY_PREFIX: env.redisPrefix,
        TWILIO_BASE_URL: env.sms.url,
        TWILIO_ACCOUNT_SID: 'ACtest0000000000000000000000000000',
        TWILIO_AUTH_TOKEN: 'test-auth-token',
        SUBSCRIPTION_SWEEP_EVERY_MS: '1000',
      },
    });
    try {
      await expect.poll(() => wallet(customer), { timeout: 20_000, interval: 250 }).toBe(0);
      const [row] = await env.database.db.select().from(subscriptions).where(eq(subscriptions.id, body.id));
      expect(row?.status).toBe('ACTIVE');
      expect(row?.periodsPaid).toBe(2);
    } finally {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
  }, 30_000);
});
