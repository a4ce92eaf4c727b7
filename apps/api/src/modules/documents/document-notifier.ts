import type { DocumentKind } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Logger } from '../../infra/logger';
import type { PushSender } from '../../providers/push/push-sender';
import { deleteDeviceTokens, findDeviceTokens } from '../devices/devices.repository';
import type { NotificationSender } from '../notifications/notification-sender';

// French, the apps' default language (as modules/devices/push-messages.ts): the api does not know the phone's.
const KIND_WORDS: Record<DocumentKind, string> = {
  CIN: "carte d'identité",
  DRIVING_LICENCE: 'permis de conduire',
  VEHICLE_REGISTRATION: 'carte grise',
  INSURANCE: 'assurance',
  TECHNICAL_INSPECTION: 'visite technique',
};

/** The words of a driver-document notice. */
export function documentNoticeText(
  notice:
    | { type: 'reminder'; kind: DocumentKind; expiresAt: string; daysBefore: number }
    | { type: 'expired'; kind: DocumentKind; expiresAt: string }
    | { type: 'reviewed'; kind: DocumentKind; approved: boolean; reason: string | null; verified: boolean },
): string {
  const what = KIND_WORDS[notice.kind];
  switch (notice.type) {
    case 'reminder':
      return `votre ${what} expire le ${notice.expiresAt} (dans ${notice.daysBefore} jour${notice.daysBefore > 1 ? 's' : ''}). Envoyez le nouveau document dans l'application pour continuer à recevoir des courses.`;
    case 'expired':
      return `votre ${what} a expiré le ${notice.expiresAt}. Vous ne recevez plus de courses tant qu'un nouveau document n'est pas approuvé.`;
    case 'reviewed':
      if (!notice.approved)
        return `votre ${what} a été refusé : ${notice.reason ?? ''}. Envoyez-le à nouveau.`;
      return notice.verified
        ? `votre ${what} est approuvé. Votre compte est vérifié : vous pouvez passer en ligne.`
        : `votre ${what} est approuvé.`;
  }
}

/**
 * Tells a driver about their documents outside the app: SMS through the notification sender (which throws when
 * the SMS provider fails, so a reminder is retried) and a push to each registered phone (best effort: a
 * failed push is logged, the SMS already carried the message).
 */
export class DocumentNotifier {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationSender,
    private readonly push: PushSender,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async sms(driverId: string, text: string): Promise<void> {
    await this.notifications.notify({ role: 'driver', id: driverId }, text);
  }

  async pushToPhones(driverId: string, title: string, body: string, data: Record<string, string>) {
    try {
      const tokens = await findDeviceTokens(this.db, 'driver', driverId);
      if (tokens.length === 0) return;
      const tickets = await this.push.send(tokens.map((to) => ({ to, title, body, data })));
      const gone = tokens.filter((_, i) => {
        const ticket = tickets[i];
        return ticket?.status === 'error' && ticket.deviceGone;
      });
      await deleteDeviceTokens(this.db, gone);
    } catch (error) {
      this.log.warn({ err: error, driverId }, 'document push failed');
    }
  }
}
