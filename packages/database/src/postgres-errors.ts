const UNIQUE_VIOLATION = '23505';

/**
 * The constraint a unique violation hit, or null when `error` is not one. Drizzle wraps the driver's
 * error in its own, so the cause is looked at too.
 */
export function uniqueViolationConstraint(error: unknown): string | null {
  for (const candidate of [error, (error as { cause?: unknown })?.cause]) {
    const e = candidate as { code?: string; constraint?: string } | undefined;
    if (e?.code === UNIQUE_VIOLATION) return e.constraint ?? '';
  }
  return null;
}

export const isUniqueViolation = (error: unknown): boolean => uniqueViolationConstraint(error) !== null;
