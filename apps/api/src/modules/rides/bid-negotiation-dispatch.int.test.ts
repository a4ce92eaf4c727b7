import { describe, expect, it } from 'vitest';
import { useDispatchStack } from '#test/dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { nextEvent } from '#test/realtime-client';
import { northOf, TUNIS } from '#test/ride-fixtures';

describe('what a driver is asked to bid on', () => {
  const stack = useDispatchStack({ DISPATCH_RADII_KM: '5', DISPATCH_BID_WINDOW_MS: '60000' });

  it('carries the offered price and the fair price band in ride:request, and one tap bids the offered price', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, northOf(TUNIS, 1));
    const socket = await stack.connect(driver);
    const asked = nextEvent(socket, 'ride:request', 10_000);

    const posted = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
        dropoff: { lat: 36.85, lng: 10.2, address: 'La Marsa' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: 'Cartons', weightKg: 200 },
        offeredPrice: 20_000,
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);

    const request = await asked;
    expect(request.ride).toMatchObject({
      id: posted.body.id,
      offeredPrice: 20_000,
      priceBand: { basis: 'tariff', sampleSize: 0, low: expect.any(Number), high: expect.any(Number) },
    });
    expect(request.ride.priceBand).toEqual(posted.body.priceBand);

    const customerSocket = await stack.connect(customer);
    const news = nextEvent(customerSocket, 'bid:new');
    const oneTap = await call(env.app, 'POST', `/api/rides/${posted.body.id}/bids`, {
      token: driver.accessToken,
      body: { etaMinutes: 8 },
    });
    expect(oneTap.status, JSON.stringify(oneTap.body)).toBe(201);
    expect((await news).bid).toMatchObject({
      price: 20_000,
      priceFlag: null,
      driver: { firstName: 'Test', ridesCompleted: 0, vehicle: { type: 'SMALL_VAN' } },
    });
  });
});
