import { randomUUID } from 'node:crypto';
import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { recordNotifications } from '../dispatch/dispatch.repository';
import { driverWallet, postTransaction } from '../wallet/ledger';

const MINIMUM = -50_000;
let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment({ DRIVER_MIN_BALANCE_MILLIMES: String(MINIMUM) });
});
afterAll(async () => env?.close());

/** What the payment worker posts when a cash ride settles: the driver owes the platform its commission. */
const oweCashCommission = (driverId: string, commission: number) =>
  env.database.db.transaction((tx) =>
    postTransaction(tx, {
      kind: 'CASH_COMMISSION',
      description: 'Commission on a ride paid in cash',
      idempotencyKey: randomUUID(),
      entries: [
        { account: driverWallet(driverId), amount: -commission },
        { account: { kind: 'PLATFORM_REVENUE' }, amount: commission },
      ],
    }),
  );
const topUp = (driverId: string, amount: number) =>
  env.database.db.transaction((tx) =>
    postTransaction(tx, {
      kind: 'TOP_UP',
      description: 'Wallet top-up',
      idempotencyKey: randomUUID(),
      entries: [
        { account: { kind: 'FLOUCI_CLEARING' }, amount: -amount },
        { account: driverWallet(driverId), amount },
      ],
    }),
  );
const setOnline = (driver: TestAccount, online: boolean) =>
  call(env.app, 'PATCH', '/api/drivers/me/availability', { token: driver.accessToken, body: { online } });
const isOnline = async (driverId: string) =>
  (await env.database.db.select().from(drivers).where(eq(drivers.id, driverId)))[0]?.isOnline;

describe('minimum wallet balance to go online', () => {
  it('refuses a driver who owes more commission than allowed, says how much and how to settle it', async () => {
    const driver = await registerDriver(env, { verified: true });
    expect((await setOnline(driver, true)).status).toBe(200);
    expect((await setOnline(driver, false)).status).toBe(200);

    await oweCashCommission(driver.user.id, 62_500);
    const wallet = await call(env.app, 'GET', '/api/wallet', { token: driver.accessToken });
    expect(wallet.body).toMatchObject({ balance: -62_500, minimumBalanceToGoOnline: MINIMUM });

    const refused = await setOnline(driver, true);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'BALANCE_BELOW_MINIMUM',
      details: { balance: -62_500, minimumBalance: MINIMUM, shortfall: 12_500, currency: 'TND' },
    });
    expect(refused.body.error.message).toContain('-62.500 TND');
    expect(refused.body.error.message).toContain('-50.000 TND');
    expect(refused.body.error.message).toContain('Top up your wallet with at least 12.500 TND');
    expect(await isOnline(driver.user.id)).toBe(false);

    // A top-up that brings the balance back to exactly the minimum is enough.
    await topUp(driver.user.id, 12_500);
    expect((await setOnline(driver, true)).status).toBe(200);
    expect(await isOnline(driver.user.id)).toBe(true);
  });

  it('lets a driver without any wallet history go online, and always lets anyone go offline', async () => {
    const fresh = await registerDriver(env, { verified: true });
    expect((await setOnline(fresh, true)).status).toBe(200);
    const indebted = await registerDriver(env, { verified: true });
    await setOnline(indebted, true);
    await oweCashCommission(indebted.user.id, 80_000);
    expect((await setOnline(indebted, false)).status).toBe(200);
  });

  it('reports verification before balance: a pending driver in debt is told to wait for verification', async () => {
    const pending = await registerDriver(env);
    await oweCashCommission(pending.user.id, 80_000);
    expect((await setOnline(pending, true)).body.error.code).toBe('DRIVER_NOT_VERIFIED');
  });

  it('stops offering rides to a driver whose balance fell below the minimum while online', async () => {
    const customer = await registerCustomer(env);
    const solvent = await registerDriver(env, { verified: true, vehicleType: 'LARGE_VAN' });
    const indebted = await registerDriver(env, { verified: true, vehicleType: 'LARGE_VAN' });
    for (const driver of [solvent, indebted]) expect((await setOnline(driver, true)).status).toBe(200);
    await oweCashCommission(indebted.user.id, 50_001);

    const rideId = await insertRide(env, { customerId: customer.user.id, vehicleType: 'LARGE_VAN' });
    const notified = await recordNotifications(
      env.database.db,
      { id: rideId, vehicleType: 'LARGE_VAN' },
      0,
      [
        { driverId: indebted.user.id, distanceMeters: 300 },
        { driverId: solvent.user.id, distanceMeters: 900 },
      ],
      10,
      MINIMUM,
    );
    expect(notified.map((n) => n.driverId)).toEqual([solvent.user.id]);
  });
});
