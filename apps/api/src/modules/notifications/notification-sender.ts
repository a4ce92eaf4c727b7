import type { UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Logger } from '../../infra/logger';
import type { SmsSender } from '../../providers/sms/sms-sender';
import { findProfile } from '../users/users.repository';

/** Tells a person something outside the app (reminders, receipts). */
export interface NotificationSender {
  notify(recipient: UserRef, message: string): Promise<void>;
}

/** Delivers notifications by SMS through the SMS provider; push can sit behind the same interface later. */
export class SmsNotificationSender implements NotificationSender {
  constructor(
    private readonly db: Database,
    private readonly sms: SmsSender,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async notify(recipient: UserRef, message: string): Promise<void> {
    const profile = await findProfile(this.db, recipient.role, recipient.id);
    if (!profile) {
      this.log.warn({ recipient }, 'notification for an account that no longer exists');
      return;
    }
    await this.sms.send({ to: profile.phone, body: `Truck4u: ${message}` });
  }
}
