import type { Executor } from '@truck4u/database';
import { AppError } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { SessionsService } from '../auth/sessions.service';

/**
 * The one way an account is suspended, whoever it belongs to (driver, customer, admin): in one transaction,
 * with the account row locked, `deactivate` marks it (and writes its audit row), every refresh token is
 * revoked and the access tokens issued until now are cut off on every instance; then the account's open
 * sockets are told `session:revoked` and disconnected. Returns false when the account does not exist.
 */
export async function suspendAccount(
  deps: { sessions: Pick<SessionsService, 'endAll'>; realtime: Pick<RealtimeNotifier, 'revokeUserSessions'> },
  subject: { role: 'driver' | 'customer' | 'admin'; id: string },
  deactivate: (tx: Executor) => Promise<void>,
): Promise<boolean> {
  try {
    await deps.sessions.endAll(subject, 'suspended', deactivate);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND' && error.message === 'Account not found') {
      return false;
    }
    throw error;
  }
  // Tokens are dead already; this closes the account's open sockets on every instance.
  await deps.realtime.revokeUserSessions(subject.role, subject.id, 'suspended');
  return true;
}
