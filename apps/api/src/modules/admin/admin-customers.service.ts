import type { AdminCustomer, AdminCustomersQuery } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { SessionsService } from '../auth/sessions.service';
import { suspendAccount } from './account-suspension';
import { recordAudit } from './admin-audit.repository';
import {
  findAdminCustomer,
  listCustomers,
  listWaitingRideIds,
  setCustomerDeactivated,
} from './admin-customers.repository';
import type { AdminRidesService } from './admin-rides.service';

/** Why the platform cancelled the rides of a suspended customer (the ride's cancellation reason). */
export const SUSPENDED_CUSTOMER_CANCEL_REASON = 'Customer account suspended';

/**
 * Admin actions on customer accounts: the same suspension as drivers', audited. A suspended customer's rides
 * that no driver holds yet are cancelled (docs/API.md#customer-suspension); rides a driver has accepted go on.
 */
export class AdminCustomersService {
  constructor(
    private readonly db: Database,
    private readonly sessions: Pick<SessionsService, 'endAll'>,
    private readonly realtime: Pick<RealtimeNotifier, 'revokeUserSessions'>,
    private readonly rides: Pick<AdminRidesService, 'cancel'>,
  ) {}

  list(query: AdminCustomersQuery): Promise<{ items: AdminCustomer[]; nextCursor?: string }> {
    return listCustomers(this.db, query);
  }

  /** Deactivates the customer and cuts off every token, session and socket they hold, at once. */
  async suspend(adminId: string, customerId: string, reason: string | undefined): Promise<AdminCustomer> {
    const found = await suspendAccount(
      { sessions: this.sessions, realtime: this.realtime },
      { role: 'customer', id: customerId },
      async (tx) => {
        const before = await findAdminCustomer(tx, customerId);
        await setCustomerDeactivated(tx, customerId, { reason: reason ?? null });
        await recordAudit(tx, {
          adminId,
          action: 'customers.suspend',
          targetType: 'customer',
          targetId: customerId,
          before,
          after: await findAdminCustomer(tx, customerId),
        });
      },
    );
    if (!found) throw notFound('Customer');
    await this.cancelWaitingRides(adminId, customerId);
    return this.mustFind(customerId);
  }

  /**
   * After the suspension committed (the customer can no longer post or accept), each waiting ride goes
   * through the admin cancel: no fee, pending bids rejected, offered drivers and the ride room told, audited.
   * A ride whose bid was accepted meanwhile loses the cancel's conditional update and goes on.
   */
  private async cancelWaitingRides(adminId: string, customerId: string): Promise<void> {
    for (const rideId of await listWaitingRideIds(this.db, customerId)) {
      try {
        await this.rides.cancel(adminId, rideId, SUSPENDED_CUSTOMER_CANCEL_REASON);
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_TRANSITION') continue;
        throw error;
      }
    }
  }

  /** Lets a suspended customer log in again; tokens cut off at suspension stay dead. */
  async activate(adminId: string, customerId: string): Promise<AdminCustomer> {
    await this.db.transaction(async (tx) => {
      const before = await findAdminCustomer(tx, customerId);
      if (!before || !(await setCustomerDeactivated(tx, customerId, null))) throw notFound('Customer');
      await recordAudit(tx, {
        adminId,
        action: 'customers.activate',
        targetType: 'customer',
        targetId: customerId,
        before,
        after: await findAdminCustomer(tx, customerId),
      });
    });
    return this.mustFind(customerId);
  }

  private async mustFind(customerId: string): Promise<AdminCustomer> {
    const customer = await findAdminCustomer(this.db, customerId);
    if (!customer) throw notFound('Customer');
    return customer;
  }
}
