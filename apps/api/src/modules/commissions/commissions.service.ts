import type { Commission, GovernorateCode } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { notFound } from '../../errors/app-error';
import type { AdminActionRecorder } from '../../infra/admin-action-recorder';
import { DEFAULT_COMMISSION_BPS, type GovernorateRateCache } from './commission-rate';
import {
  findGovernorateCommission,
  type GovernorateCommissionRow,
  insertCommissionAudit,
  listCommissionAudit,
  listGovernorateCommissions,
  lockGovernorateCommission,
  upsertGovernorateCommission,
} from './commissions.repository';

const toCommission = (row: GovernorateCommissionRow): Commission => ({
  governorate: row.code as GovernorateCode,
  name: row.name,
  rateBps: row.rateBps,
  isActive: row.isActive,
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

/** Per-governorate commission rates and their audit trail. */
export class CommissionsService {
  constructor(
    private readonly db: Database,
    /** The admin audit log, written in the change's transaction (besides commission_audit). */
    private readonly recordAdminAction?: AdminActionRecorder,
    /** What bid acceptance reads the rate through; dropped once the change commits. */
    private readonly governorateRates?: GovernorateRateCache,
  ) {}

  async list(): Promise<Commission[]> {
    const rows = await listGovernorateCommissions(this.db, DEFAULT_COMMISSION_BPS);
    return rows.map(toCommission);
  }

  /** Changes one governorate's rate; the audit row is written in the same transaction, from the locked old value. */
  async update(
    code: GovernorateCode,
    change: { rateBps: number; isActive?: boolean | undefined },
    adminId: string,
  ): Promise<Commission> {
    await this.db.transaction(async (tx) => {
      const current = await lockGovernorateCommission(tx, code);
      const isActive = change.isActive ?? current?.isActive ?? true;
      await upsertGovernorateCommission(tx, {
        governorateCode: code,
        rateBps: change.rateBps,
        isActive,
        updatedBy: adminId,
      });
      await insertCommissionAudit(tx, {
        governorateCode: code,
        adminId,
        oldRateBps: current?.rateBps ?? null,
        newRateBps: change.rateBps,
        oldIsActive: current?.isActive ?? null,
        newIsActive: isActive,
      });
      await this.recordAdminAction?.(tx, {
        adminId,
        action: 'commissions.write',
        targetType: 'commission',
        targetId: code,
        before: current ? { rateBps: current.rateBps, isActive: current.isActive } : null,
        after: { rateBps: change.rateBps, isActive },
      });
    });
    // After the commit, not in the transaction: see infra/read-cache.ts for why that order is the safe one.
    await this.governorateRates?.invalidate(code);
    const row = await findGovernorateCommission(this.db, code, DEFAULT_COMMISSION_BPS);
    if (!row) throw notFound('Governorate');
    return toCommission(row);
  }

  async audit(limit: number) {
    const rows = await listCommissionAudit(this.db, limit);
    return rows.map((r) => ({
      id: r.id,
      governorate: r.governorateCode as GovernorateCode,
      adminId: r.adminId,
      oldRateBps: r.oldRateBps,
      newRateBps: r.newRateBps,
      oldIsActive: r.oldIsActive,
      newIsActive: r.newIsActive,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
