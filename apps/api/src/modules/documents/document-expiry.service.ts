import type { Database } from '@truck4u/database';
import type { Clock } from '../../infra/clock';
import type { Logger } from '../../infra/logger';
import { tunisDateOf } from '../../infra/tunis-calendar';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { ProfileInvalidation } from '../users/profile-cache';
import { toDriverDocument } from './document.dto';
import { type DocumentNotifier, documentNoticeText } from './document-notifier';
import {
  claimNotice,
  expireDocuments,
  findDocument,
  findDriver,
  listDueNotices,
  type NoticeCandidate,
} from './documents.repository';

export interface DocumentSweepResult {
  expired: number;
  notices: number;
}

/**
 * The documents' daily rules, run by the `document-sweep` job scheduler: documents past their expiry day
 * become EXPIRED (an approved one blocks its driver), and drivers get their reminders 30, 7 and 1 days
 * before, and a notice once expired. Each (document, threshold) is sent at most once: its row in
 * document_reminders commits with the send, so a retried, repeated or concurrent sweep sends nothing twice.
 */
export class DocumentExpiryService {
  constructor(
    private readonly db: Database,
    private readonly notifier: DocumentNotifier,
    private readonly realtime: Pick<RealtimeNotifier, 'toUser'>,
    private readonly clock: Clock,
    private readonly log: Pick<Logger, 'warn' | 'info'>,
    /** GET /api/me shows `isOnline`, which an approved document's expiry turns off. */
    private readonly profiles?: ProfileInvalidation,
  ) {}

  async sweep(): Promise<DocumentSweepResult> {
    const today = tunisDateOf(this.clock.now());
    const expired = await expireDocuments(this.db, today);
    await this.profiles?.drivers(...new Set(expired.filter((d) => d.wasApproved).map((d) => d.driverId)));
    for (const doc of expired.filter((d) => d.wasApproved)) await this.announceExpiry(doc.id);
    let notices = 0;
    for (const notice of await listDueNotices(this.db, today)) {
      if (await this.send(notice)) notices += 1;
    }
    if (expired.length > 0 || notices > 0) {
      this.log.info({ expired: expired.length, notices }, 'driver documents swept');
    }
    return { expired: expired.length, notices };
  }

  /** Claims and sends one notice in one transaction; a failed SMS rolls the claim back for the next run. */
  private async send(notice: NoticeCandidate): Promise<boolean> {
    const text =
      notice.daysBefore === 0
        ? documentNoticeText({ type: 'expired', kind: notice.kind, expiresAt: notice.expiresAt })
        : documentNoticeText({
            type: 'reminder',
            kind: notice.kind,
            expiresAt: notice.expiresAt,
            daysBefore: notice.daysBefore,
          });
    const claimed = await this.db.transaction(async (tx) => {
      if (!(await claimNotice(tx, notice.documentId, notice.daysBefore))) return false;
      await this.notifier.sms(notice.driverId, text);
      return true;
    });
    if (claimed) {
      await this.notifier.pushToPhones(
        notice.driverId,
        notice.daysBefore === 0 ? 'Document expiré' : 'Document bientôt expiré',
        text,
        { event: 'document:status', documentId: notice.documentId },
      );
    }
    return claimed;
  }

  private async announceExpiry(documentId: string): Promise<void> {
    try {
      const row = await findDocument(this.db, documentId);
      const driver = row && (await findDriver(this.db, row.driverId));
      if (!row || !driver) return;
      await this.realtime.toUser('driver', row.driverId, 'document:status', {
        document: toDriverDocument(row),
        verificationStatus: driver.verificationStatus,
      });
    } catch (error) {
      // At most once, like every socket event: the driver's document list shows EXPIRED anyway.
      this.log.warn({ err: error, documentId }, 'document expiry event failed');
    }
  }
}
