import { FAVOURITE_DRIVER_LIMIT, SAVED_ADDRESS_LIMIT, type SavedAddress } from '@truck4u/contracts';
import { customerAddresses, drivers } from '@truck4u/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from '#test/test-environment';

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => {
  await env?.close();
});

const HOME = { label: 'Maison', lat: 36.8065, lng: 10.1815, address: 'Rue de Marseille, Tunis' };

const saveAddress = (account: TestAccount, body: unknown) =>
  call(env.app, 'POST', '/api/customers/me/addresses', { token: account.accessToken, body });
const listAddresses = (account: TestAccount) =>
  call(env.app, 'GET', '/api/customers/me/addresses', { token: account.accessToken });
/** `count` addresses written straight to the table, to start a test near the limit. */
const fillAddresses = (account: TestAccount, count: number) =>
  env.database.db.insert(customerAddresses).values(
    Array.from({ length: count }, (_, i) => ({
      customerId: account.user.id,
      label: `Adresse ${i}`,
      lat: HOME.lat,
      lng: HOME.lng,
      address: HOME.address,
    })),
  );

describe('saved addresses', () => {
  it('saves, lists newest first and deletes the caller’s own addresses', async () => {
    const customer = await registerCustomer(env);
    const home = await saveAddress(customer, HOME);
    expect(home.status, JSON.stringify(home.body)).toBe(201);
    expect(home.body).toMatchObject(HOME);
    const depot = await saveAddress(customer, {
      ...HOME,
      label: 'Dépôt',
      address: 'Zone industrielle, Ben Arous',
    });
    expect(depot.status).toBe(201);

    const listed = await listAddresses(customer);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: SavedAddress) => a.label)).toEqual(['Dépôt', 'Maison']);

    const deleted = await call(env.app, 'DELETE', `/api/customers/me/addresses/${home.body.id}`, {
      token: customer.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect((await listAddresses(customer)).body.items.map((a: SavedAddress) => a.id)).toEqual([
      depot.body.id,
    ]);
    const again = await call(env.app, 'DELETE', `/api/customers/me/addresses/${home.body.id}`, {
      token: customer.accessToken,
    });
    expect(again.status).toBe(404);
  });

  it('never shows or deletes another customer’s address', async () => {
    const owner = await registerCustomer(env);
    const other = await registerCustomer(env);
    const saved = await saveAddress(owner, HOME);
    expect((await listAddresses(other)).body.items).toEqual([]);
    const stolen = await call(env.app, 'DELETE', `/api/customers/me/addresses/${saved.body.id}`, {
      token: other.accessToken,
    });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('NOT_FOUND');
    expect((await listAddresses(owner)).body.items).toHaveLength(1);
  });

  it('renames an address in place, even at the limit, and never another customer’s', async () => {
    const owner = await registerCustomer(env);
    const other = await registerCustomer(env);
    await fillAddresses(owner, SAVED_ADDRESS_LIMIT - 1);
    const home = await saveAddress(owner, HOME);
    expect(home.status).toBe(201);
    const rename = (account: TestAccount, body: unknown) =>
      call(env.app, 'PATCH', `/api/customers/me/addresses/${home.body.id}`, {
        token: account.accessToken,
        body,
      });

    // With all 20 kept, a rename is still allowed: it is the same address.
    const renamed = await rename(owner, { label: 'Maison de Sousse' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ ...HOME, id: home.body.id, label: 'Maison de Sousse' });

    for (const body of [{ label: ' ' }, { label: 'x'.repeat(51) }, {}]) {
      const refused = await rename(owner, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    const stolen = await rename(other, { label: 'Chez moi' });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('NOT_FOUND');

    const listed = (await listAddresses(owner)).body.items as SavedAddress[];
    expect(listed).toHaveLength(SAVED_ADDRESS_LIMIT);
    expect(listed.filter((a) => a.id === home.body.id).map((a) => a.label)).toEqual(['Maison de Sousse']);
  });

  it('refuses points outside Tunisia, empty labels, and drivers', async () => {
    const customer = await registerCustomer(env);
    for (const body of [{ ...HOME, lat: 48.85, lng: 2.35 }, { ...HOME, label: ' ' }, { label: 'x' }]) {
      const refused = await saveAddress(customer, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    const driver = await registerDriver(env);
    expect((await saveAddress(driver, HOME)).status).toBe(403);
  });

  it(`keeps at most ${SAVED_ADDRESS_LIMIT}, even when saves race`, async () => {
    const customer = await registerCustomer(env);
    await fillAddresses(customer, SAVED_ADDRESS_LIMIT - 2);
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, i) => saveAddress(customer, { ...HOME, label: `Course ${i}` })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    expect(racing.find((r) => r.status === 409)?.body.error.code).toBe('SAVED_ADDRESS_LIMIT');
    expect((await listAddresses(customer)).body.items).toHaveLength(SAVED_ADDRESS_LIMIT);
  });
});

const putFavourite = (customer: TestAccount, driverId: string) =>
  call(env.app, 'PUT', `/api/customers/me/favourite-drivers/${driverId}`, { token: customer.accessToken });
const listFavourites = (customer: TestAccount) =>
  call(env.app, 'GET', '/api/customers/me/favourite-drivers', { token: customer.accessToken });

describe('favourite drivers', () => {
  it('adds a driver who completed a ride for the customer, idempotently, with their public card only', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, {
      verified: true,
      name: 'Sami Ben Salah',
      plate: '200 TU 1234',
    });
    await insertRide(env, { customerId: customer.user.id, driverId: driver.user.id, status: 'COMPLETED' });

    const added = await putFavourite(customer, driver.user.id);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toEqual({
      driverId: driver.user.id,
      firstName: 'Sami',
      vehicle: { type: 'SMALL_VAN', plate: '200 TU 1234' },
      rating: null,
      ratingCount: 0,
      ridesTogether: 1,
      addedAt: expect.any(String),
    });
    expect(JSON.stringify(added.body)).not.toContain(driver.phone);

    const again = await putFavourite(customer, driver.user.id);
    expect(again.status).toBe(200);
    expect(again.body.addedAt).toBe(added.body.addedAt);

    const listed = await listFavourites(customer);
    expect(listed.body.items).toEqual([added.body]);
    // Another customer's list is their own.
    expect((await listFavourites(await registerCustomer(env))).body.items).toEqual([]);

    const removed = await call(env.app, 'DELETE', `/api/customers/me/favourite-drivers/${driver.user.id}`, {
      token: customer.accessToken,
    });
    expect(removed.status).toBe(204);
    expect((await listFavourites(customer)).body.items).toEqual([]);
    const removedAgain = await call(
      env.app,
      'DELETE',
      `/api/customers/me/favourite-drivers/${driver.user.id}`,
      { token: customer.accessToken },
    );
    expect(removedAgain.status).toBe(204);
  });

  it('refuses a driver who never completed a ride for the customer, and an unknown driver', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    // An accepted ride that did not finish, and a completed ride for someone else, do not count.
    await insertRide(env, { customerId: customer.user.id, driverId: driver.user.id, status: 'CANCELLED' });
    const someoneElse = await registerCustomer(env);
    await insertRide(env, { customerId: someoneElse.user.id, driverId: driver.user.id, status: 'COMPLETED' });

    const refused = await putFavourite(customer, driver.user.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('FAVOURITE_NOT_ELIGIBLE');
    const unknown = await putFavourite(customer, '00000000-0000-4000-8000-00000000dead');
    expect(unknown.status).toBe(404);
    expect((await listFavourites(customer)).body.items).toEqual([]);
  });

  it(`keeps at most ${FAVOURITE_DRIVER_LIMIT} favourites`, async () => {
    const customer = await registerCustomer(env);
    // Drivers written straight to the table: registering 51 through the api would hash 51 passwords.
    const rows = await env.database.db
      .insert(drivers)
      .values(
        Array.from({ length: FAVOURITE_DRIVER_LIMIT + 1 }, () => ({
          phone: uniquePhone(),
          name: 'Driver',
          passwordHash: 'not-a-real-hash',
          vehicleType: 'SMALL_VAN' as const,
          vehiclePlate: '1 TU 1',
          vehicleCapacityKg: 1000,
        })),
      )
      .returning({ id: drivers.id });
    const driverIds = rows.map((r) => r.id);
    for (const driverId of driverIds) {
      await insertRide(env, { customerId: customer.user.id, driverId, status: 'COMPLETED' });
    }
    for (const driverId of driverIds.slice(0, FAVOURITE_DRIVER_LIMIT)) {
      expect((await putFavourite(customer, driverId)).status).toBe(201);
    }
    const over = await putFavourite(customer, driverIds.at(-1) as string);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('FAVOURITE_LIMIT');
    // Re-adding one already there is still fine at the limit.
    expect((await putFavourite(customer, driverIds[0] as string)).status).toBe(200);
  });

  it('is for customers only', async () => {
    const driver = await registerDriver(env);
    expect((await listFavourites(driver)).status).toBe(403);
  });
});
