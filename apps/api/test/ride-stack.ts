import { afterAll, beforeAll, expect } from 'vitest';
import { acceptBid, offerRide, placeBid } from './bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from './factories';
import { type ClientSocket, connectSocket, listen } from './realtime-client';
import { insertRide } from './ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

/** A ride a customer accepted a bid on, through the bid routes: its parties, its id and the accepted bid. */
export interface AcceptedRide {
  customer: TestAccount;
  driver: TestAccount;
  rideId: string;
  bidId: string;
}

/** An accepted ride whose two parties are connected (after the acceptance, so both sockets are in its room). */
export interface ConnectedRide extends AcceptedRide {
  customerSocket: ClientSocket;
  driverSocket: ClientSocket;
}

export interface RideStack {
  /** The file's test environment (set once the file's `beforeAll` hooks have run). */
  readonly env: TestEnvironment;
  /** Where the default api instance listens. */
  readonly url: string;
  /** A socket signed in as `account`, closed after the file, before the environment. */
  connect(account: { accessToken: string }): Promise<ClientSocket>;
  /** A new customer and verified driver; the driver was offered the ride, bid `bid` and was accepted. */
  acceptedRide(bid?: { price: number; etaMinutes: number }): Promise<AcceptedRide>;
  /** `acceptedRide`, then both parties' sockets. */
  connectedRide(bid?: { price: number; etaMinutes: number }): Promise<ConnectedRide>;
}

/**
 * Registers the file's hooks for the ride tests' usual stack: a test environment (plus `env`), its api
 * listening on a port for sockets, and teardown (sockets, then the environment). No worker: the tests
 * that need dispatch use `useDispatchStack`.
 */
export function useRideStack(env: Record<string, string> = {}): RideStack {
  let environment: TestEnvironment | undefined;
  let url: string | undefined;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment(env);
    url = await listen(environment.app);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await environment?.close();
  });

  const stack: RideStack = {
    get env() {
      if (!environment) throw new Error('useRideStack: the environment is not set up yet');
      return environment;
    },
    get url() {
      if (!url) throw new Error('useRideStack: the api is not listening yet');
      return url;
    },
    async connect(account) {
      const socket = await connectSocket(stack.url, account.accessToken);
      sockets.push(socket);
      return socket;
    },
    async acceptedRide(bid = { price: 40_000, etaMinutes: 15 }) {
      const e = stack.env;
      const customer = await registerCustomer(e);
      const driver = await registerDriver(e, { verified: true });
      const rideId = await insertRide(e, { customerId: customer.user.id });
      await offerRide(e, rideId, driver.user.id);
      const placed = await placeBid(e, driver, rideId, bid);
      const accepted = await acceptBid(e, customer, rideId, placed.id);
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      return { customer, driver, rideId, bidId: placed.id };
    },
    async connectedRide(bid) {
      const ride = await stack.acceptedRide(bid);
      const customerSocket = await stack.connect(ride.customer);
      const driverSocket = await stack.connect(ride.driver);
      return { ...ride, customerSocket, driverSocket };
    },
  };
  return stack;
}
