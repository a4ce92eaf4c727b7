import {
  ADMIN_PERMISSIONS,
  type AdminAccount,
  type AdminMe,
  adminCan,
  type CreateAdmin,
  type UpdateAdmin,
} from '@truck4u/contracts';
import type { Database, Executor } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { hashPassword } from '../auth/password-hasher';
import type { SessionsService } from '../auth/sessions.service';
import {
  type AdminRow,
  findAdmin,
  insertAdminAccount,
  listAdmins,
  lockActiveSuperadmins,
  toAdminAccount,
  updateAdminAccount,
} from './admin-accounts.repository';
import { recordAudit } from './admin-audit.repository';
import type { LeaveAdminLive } from './admin-live-membership';

const lastSuperadmin = () =>
  new AppError('CONFLICT', 'At least one active SUPERADMIN must remain; promote another admin first');

/** Superadmins manage the admin team: accounts, roles, deactivation. Every change is audited. */
export class AdminAccountsService {
  constructor(
    private readonly db: Database,
    private readonly sessions: Pick<SessionsService, 'endAll'>,
    private readonly realtime: Pick<RealtimeNotifier, 'revokeUserSessions'>,
    private readonly leaveAdminLive: LeaveAdminLive,
  ) {}

  list(): Promise<AdminAccount[]> {
    return listAdmins(this.db);
  }

  async me(adminId: string): Promise<AdminMe> {
    const row = await findAdmin(this.db, adminId);
    if (!row) throw notFound('Admin');
    return { ...toAdminAccount(row), permissions: [...ADMIN_PERMISSIONS[row.role]] };
  }

  async create(actorId: string, input: CreateAdmin): Promise<AdminAccount> {
    const passwordHash = await hashPassword(input.password);
    const row = await this.db.transaction(async (tx) => {
      const created = await insertAdminAccount(tx, {
        phone: input.phone,
        name: input.name,
        passwordHash,
        role: input.role,
      });
      await recordAudit(tx, {
        adminId: actorId,
        action: 'admins.create',
        targetType: 'admin',
        targetId: created.id,
        before: null,
        after: toAdminAccount(created),
      });
      return created;
    });
    return toAdminAccount(row);
  }

  /**
   * Changes the role and/or the active flag. Deactivating ends every session of the account and cuts off
   * its tokens at once (the same path as a driver's suspension); the role is read on every request, so a
   * demotion applies to the next one, and a role without `live.read` takes the admin's sockets out of the
   * admin:live room on every instance.
   */
  async update(actorId: string, adminId: string, change: UpdateAdmin): Promise<AdminAccount> {
    const mayDemote = change.active === false || (change.role !== undefined && change.role !== 'SUPERADMIN');
    const apply = async (tx: Executor): Promise<AdminRow> => {
      // Superadmin rows are locked before the target's (same order in every request) to avoid deadlocks.
      const activeSuperadmins = mayDemote ? await lockActiveSuperadmins(tx) : null;
      const before = await findAdmin(tx, adminId, true);
      if (!before) throw notFound('Admin');
      const wasActiveSuperadmin = before.role === 'SUPERADMIN' && !before.isDeactivated;
      const staysActiveSuperadmin =
        (change.role ?? before.role) === 'SUPERADMIN' && (change.active ?? !before.isDeactivated);
      if (activeSuperadmins) {
        if (wasActiveSuperadmin && !staysActiveSuperadmin && activeSuperadmins.size <= 1)
          throw lastSuperadmin();
        // The actor's role was checked before these locks: one demoted or deactivated while this request
        // waited on them no longer decides.
        if (!activeSuperadmins.has(actorId)) {
          throw new AppError('FORBIDDEN', 'Your SUPERADMIN role was removed while this change waited');
        }
      }
      const after = await updateAdminAccount(tx, adminId, {
        ...(change.role === undefined ? {} : { role: change.role }),
        ...(change.active === undefined ? {} : { isDeactivated: !change.active }),
      });
      await recordAudit(tx, {
        adminId: actorId,
        action: 'admins.update',
        targetType: 'admin',
        targetId: adminId,
        before: toAdminAccount(before),
        after: toAdminAccount(after),
      });
      return after;
    };

    if (change.active === false) {
      // The change commits first, in its own transaction, so every request takes the superadmin rows before
      // the target's (endAll would lock the target first: two superadmins deactivating each other would
      // deadlock). From that commit on the account is refused on every route and refresh (both read
      // `is_deactivated`); endAll then revokes its refresh tokens and cuts off its access tokens.
      const updated = await this.db.transaction(apply);
      await this.sessions.endAll({ role: 'admin', id: adminId }, 'suspended');
      await this.realtime.revokeUserSessions('admin', adminId, 'suspended');
      return toAdminAccount(updated);
    }
    const updated = await this.db.transaction(apply);
    // admin:join-live checked the role once; a socket that joined would otherwise keep the feed.
    if (!adminCan(updated.role, 'live.read')) await this.leaveAdminLive(adminId);
    return toAdminAccount(updated);
  }
}
