import {
  DOCUMENT_REMINDER_DAYS,
  type DocumentKind,
  type DocumentStatus,
  licenceAllows,
  licenceCategoriesFor,
  REQUIRED_DOCUMENT_KINDS,
  type VehicleType,
} from '@truck4u/contracts';
import { AppError } from '../../errors/app-error';

/** What keeps one required kind from counting towards verification. */
export type DocumentGap =
  | { kind: DocumentKind; problem: 'MISSING' | 'PENDING' | 'REJECTED' | 'EXPIRED' }
  | { kind: 'DRIVING_LICENCE'; problem: 'LICENCE_CATEGORY'; requiredCategories: readonly string[] };

export interface CurrentDocument {
  kind: string;
  status: DocumentStatus;
  expiresAt: string | null;
  categories: string[] | null;
}

/**
 * The required kinds without a current, approved, unexpired document (`today` is a Tunis date, YYYY-MM-DD;
 * a document is valid through its expiry day), plus a licence whose categories do not cover the driver's
 * vehicle. Empty: the driver may be verified.
 */
export function verificationGaps(
  current: readonly CurrentDocument[],
  vehicleType: VehicleType,
  today: string,
): DocumentGap[] {
  const byKind = new Map(current.map((doc) => [doc.kind, doc]));
  const gaps: DocumentGap[] = [];
  for (const kind of REQUIRED_DOCUMENT_KINDS) {
    const doc = byKind.get(kind);
    if (!doc) gaps.push({ kind, problem: 'MISSING' });
    else if (doc.status !== 'APPROVED') gaps.push({ kind, problem: doc.status });
    else if (doc.expiresAt !== null && doc.expiresAt < today) gaps.push({ kind, problem: 'EXPIRED' });
    else if (kind === 'DRIVING_LICENCE' && !licenceAllows(doc.categories ?? [], vehicleType)) {
      gaps.push({
        kind: 'DRIVING_LICENCE',
        problem: 'LICENCE_CATEGORY',
        requiredCategories: licenceCategoriesFor(vehicleType),
      });
    }
  }
  return gaps;
}

/** 409 DOCUMENTS_INCOMPLETE naming every gap (the verify route refuses to verify with any). */
export function documentsIncomplete(gaps: readonly DocumentGap[]): AppError {
  const words = gaps.map((gap) =>
    gap.problem === 'LICENCE_CATEGORY'
      ? `DRIVING_LICENCE (needs category ${gap.requiredCategories.join(' or ')} for this vehicle)`
      : `${gap.kind} (${gap.problem.toLowerCase()})`,
  );
  return new AppError(
    'DOCUMENTS_INCOMPLETE',
    `This driver cannot be verified until these documents are approved and valid: ${words.join(', ')}`,
    { details: { missing: [...new Set(gaps.map((gap) => gap.kind))], gaps } },
  );
}

/** 409 DOCUMENT_EXPIRED: an approved required document expired and no new one is approved yet. */
export function documentExpired(kind: string, kinds: readonly string[] = [kind]): AppError {
  return new AppError(
    'DOCUMENT_EXPIRED',
    `Your ${kind} has expired: submit a valid one (POST /api/drivers/me/documents); you can work again once it is approved`,
    { details: { kind, kinds } },
  );
}

/**
 * Which reminder is due for a document with `daysLeft` days of validity left (0: its last day): the smallest
 * threshold of DOCUMENT_REMINDER_DAYS that is at least `daysLeft`, or null when none is (more than 30 days).
 * One found, the smaller ones come later; the larger ones are skipped (a document submitted 5 days before it
 * expires gets the 7-day reminder only).
 */
export function dueReminder(daysLeft: number): number | null {
  if (daysLeft < 0) return null;
  const due = [...DOCUMENT_REMINDER_DAYS].sort((a, b) => a - b).find((days) => daysLeft <= days);
  return due ?? null;
}

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
