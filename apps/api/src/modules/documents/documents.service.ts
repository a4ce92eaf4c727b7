import type {
  DocumentKind,
  DocumentReview,
  DriverDocument,
  DriverDocuments,
  ReviewDocument,
  SubmitDocument,
} from '@truck4u/contracts';
import type { Database, Executor } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { AdminActionRecorder } from '../../infra/admin-action-recorder';
import type { Clock } from '../../infra/clock';
import type { Logger } from '../../infra/logger';
import { tunisDateOf } from '../../infra/tunis-calendar';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { claimUploads } from '../uploads/upload-claims.repository';
import type { ProfileInvalidation } from '../users/profile-cache';
import { toDriverDocument } from './document.dto';
import type { DocumentNotifier } from './document-notifier';
import { documentNoticeText } from './document-notifier';
import { type DocumentGap, verificationGaps } from './document-rules';
import {
  applyApproval,
  currentDocuments,
  decidePending,
  findDocument,
  findDriver,
  insertDocument,
  listDocuments,
  lockDriver,
  markVerified,
  supersedeCurrent,
} from './documents.repository';

/** A driver's papers: submitted by the driver, reviewed by admins; the last approval verifies the driver. */
export class DriverDocumentsService {
  constructor(
    private readonly db: Database,
    private readonly realtime: Pick<RealtimeNotifier, 'toUser'>,
    private readonly notifier: DocumentNotifier,
    private readonly recordAudit: AdminActionRecorder,
    private readonly clock: Clock,
    private readonly log: Pick<Logger, 'warn'>,
    /** GET /api/me shows the verification status that approving the last document changes. */
    private readonly profiles?: ProfileInvalidation,
  ) {}

  private today(): string {
    return tunisDateOf(this.clock.now());
  }

  /** Every submission with its status and reason, and what still stands between the driver and verification. */
  async list(driverId: string): Promise<DriverDocuments> {
    return this.db.transaction(async (tx) => {
      const driver = await findDriver(tx, driverId);
      if (!driver) throw notFound('Driver');
      const rows = await listDocuments(tx, driverId);
      const gaps = verificationGaps(await currentDocuments(tx, driverId), driver.vehicleType, this.today());
      return { items: rows.map(toDriverDocument), missing: [...new Set(gaps.map((gap) => gap.kind))] };
    });
  }

  /**
   * Records a new document of a kind, superseding the current one (kept as history), and attaches its upload
   * in the same transaction. One already past its expiry day is recorded EXPIRED and never verifies anyone.
   * A driver already verified stays verified while the new one waits for review.
   */
  async submit(driverId: string, input: SubmitDocument): Promise<DriverDocument> {
    const today = this.today();
    const isExpired = input.expiresAt !== undefined && input.expiresAt < today;
    const row = await this.db.transaction(async (tx) => {
      if (!(await lockDriver(tx, driverId))) throw notFound('Driver');
      await claimUploads(tx, {
        uploadIds: [input.uploadId],
        owner: { role: 'driver', userId: driverId },
        purpose: 'DRIVER_DOCUMENT',
      });
      await supersedeCurrent(tx, driverId, input.kind);
      return insertDocument(tx, {
        driverId,
        kind: input.kind,
        status: isExpired ? 'EXPIRED' : 'PENDING',
        uploadId: input.uploadId,
        number: input.number ?? null,
        issuedAt: input.issuedAt ?? null,
        expiresAt: input.expiresAt ?? null,
        categories: input.categories ?? null,
        reason: isExpired ? `Already expired on ${input.expiresAt}: submit a valid document` : null,
      });
    });
    return toDriverDocument(row);
  }

  /**
   * An admin approves or rejects a PENDING document. Two racing reviews: the driver row lock orders them and
   * the conditional update lets exactly one through; the other gets 409. Approving the last missing required
   * document verifies the driver in the same transaction. The driver is told by socket and SMS after commit.
   */
  async review(documentId: string, adminId: string, decision: ReviewDocument): Promise<DocumentReview> {
    const today = this.today();
    const outcome = await this.db.transaction(async (tx) => {
      const found = await findDocument(tx, documentId);
      if (!found) throw notFound('Document');
      const driver = await lockDriver(tx, found.driverId);
      if (!driver) throw notFound('Document');
      const reason = decision.approved ? null : (decision.reason ?? null);
      const decided = await decidePending(tx, {
        documentId,
        approved: decision.approved,
        reason,
        adminId,
        today,
      });
      if (!decided) throw await whyNotReviewable(tx, documentId, today);
      let verificationStatus = driver.verificationStatus;
      if (decided.status === 'APPROVED') {
        await applyApproval(tx, decided);
        const gaps = verificationGaps(await currentDocuments(tx, driver.id), driver.vehicleType, today);
        if (gaps.length === 0 && driver.verificationStatus !== 'VERIFIED') {
          await markVerified(tx, driver, adminId, `All required documents approved (last: ${decided.kind})`);
          await this.recordAudit(tx, {
            adminId,
            action: 'drivers.verify',
            targetType: 'driver',
            targetId: driver.id,
            before: { verificationStatus: driver.verificationStatus },
            after: { verificationStatus: 'VERIFIED', reason: 'all required documents approved' },
          });
          verificationStatus = 'VERIFIED';
        }
      }
      await this.recordAudit(tx, {
        adminId,
        action: 'documents.review',
        targetType: 'document',
        targetId: documentId,
        before: { status: found.status, driverId: found.driverId, kind: found.kind },
        after: { status: decided.status, reason: decided.reason },
      });
      return { document: toDriverDocument(decided), verificationStatus };
    });
    await this.profiles?.drivers(outcome.document.driverId);
    await this.tellDriver(outcome);
    return outcome;
  }

  /** What keeps a driver from being verified (empty: nothing); null when the driver does not exist. */
  async gapsOf(driverId: string): Promise<DocumentGap[] | null> {
    return this.db.transaction(async (tx) => {
      const driver = await findDriver(tx, driverId);
      if (!driver) return null;
      return verificationGaps(await currentDocuments(tx, driverId), driver.vehicleType, this.today());
    });
  }

  private async tellDriver(outcome: DocumentReview): Promise<void> {
    const { document } = outcome;
    try {
      await this.realtime.toUser('driver', document.driverId, 'document:status', outcome);
    } catch (error) {
      this.log.warn({ err: error, documentId: document.id }, 'document review event failed');
    }
    try {
      await this.notifier.sms(
        document.driverId,
        documentNoticeText({
          type: 'reviewed',
          kind: document.kind,
          approved: document.status === 'APPROVED',
          reason: document.reason ?? null,
          verified: outcome.verificationStatus === 'VERIFIED',
        }),
      );
    } catch (error) {
      // The review is committed and visible in GET /api/drivers/me/documents; the SMS is a courtesy.
      this.log.warn({ err: error, documentId: document.id }, 'document review SMS failed');
    }
  }
}

/** The 409 a review that did not go through gets, saying why. */
async function whyNotReviewable(tx: Executor, documentId: string, today: string): Promise<AppError> {
  const doc = await findDocument(tx, documentId);
  if (!doc) return notFound('Document');
  if (doc.supersededAt !== null) {
    return new AppError('CONFLICT', 'A newer document of this kind was submitted; review that one instead');
  }
  if (doc.status === 'PENDING' && doc.expiresAt !== null && doc.expiresAt < today) {
    return new AppError(
      'DOCUMENT_EXPIRED',
      `This ${doc.kind} expired on ${doc.expiresAt}: it cannot be approved`,
      {
        details: { kind: doc.kind as DocumentKind, kinds: [doc.kind], expiredAt: doc.expiresAt },
      },
    );
  }
  return new AppError('CONFLICT', `This document was already reviewed (it is ${doc.status})`, {
    details: { status: doc.status },
  });
}
