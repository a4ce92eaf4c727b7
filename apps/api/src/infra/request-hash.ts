import { createHash } from 'node:crypto';

/**
 * The fingerprint stored beside an idempotency key, so a replay that asks for something else is refused:
 * sha256 (hex) of `value` as JSON. `value` must already be canonical, and each caller keeps its form, or the
 * rows it stored earlier would stop matching: ride posting hashes the parsed body (zod puts keys in schema
 * order), payments hash `sortedEntries` of a flat record.
 */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** A flat record as `[key, value]` pairs in key order: the same fingerprint whatever order keys came in. */
export function sortedEntries(record: Record<string, string | number>): [string, string | number][] {
  return Object.keys(record)
    .sort()
    .map((key): [string, string | number] => [key, record[key] as string | number]);
}
