import type { Role, UserProfile } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { AlongsideRead } from '../../http/authenticate';
import type { CachePeek, ReadCache, ReadCacheOptions } from '../../infra/read-cache';
import { readProfile } from './users.repository';

/**
 * GET /api/me's answer per account, with no Postgres query on a hit (docs/OBSERVABILITY.md#profile-cache).
 * Customer and admin profiles never change after registration (no api write touches their columns); a
 * driver's does, and every such write calls `ProfileInvalidation.drivers` after its commit.
 */
// A safety net only: the writes invalidate. Five minutes bounds an invalidation that could not reach Redis.
export const PROFILE_CACHE = {
  name: 'profile',
  version: 1,
  ttlSeconds: 300,
} as const satisfies Pick<ReadCacheOptions, 'name' | 'version' | 'ttlSeconds'>;

export type ProfileCache = ReadCache<UserProfile>;

/** The cache id of an account: ids are unique per table only, so the role is part of it. */
export const profileCacheId = (role: Role, userId: string): string => `${role}:${userId}`;

export type ProfilePeek = CachePeek<UserProfile> | Promise<CachePeek<UserProfile>>;

/** What a write calls after its transaction commits when it changed a driver's profile. Never throws. */
export interface ProfileInvalidation {
  drivers(...driverIds: string[]): Promise<void>;
}

export class ProfileInvalidator implements ProfileInvalidation {
  constructor(private readonly cache: Pick<ProfileCache, 'invalidate'>) {}

  drivers(...driverIds: string[]): Promise<void> {
    return this.cache.invalidate(...driverIds.map((id) => profileCacheId('driver', id)));
  }
}

/** GET /api/me: the account's profile, from the `profile` cache when there is one. */
export class ProfileReader {
  constructor(
    private readonly db: Database,
    private readonly cache?: ProfileCache,
  ) {}

  /** The cache keys for the auth check's MGET (http/authenticate.ts `requireAuthWith`). */
  peekAlongside(role: Role, userId: string): AlongsideRead<ProfilePeek> | undefined {
    return this.cache?.peekAlongside([profileCacheId(role, userId)]);
  }

  /**
   * Null when the account does not exist (not cached: a miss each time). A peek made for other ids than
   * (role, userId) is ignored by `getMany`, so only the authenticated account's entry is ever answered.
   */
  async get(role: Role, userId: string, peeked?: ProfilePeek): Promise<UserProfile | null> {
    if (!this.cache) return readProfile(this.db, role, userId);
    const id = profileCacheId(role, userId);
    const found = await this.cache.getMany(
      [id],
      async () => {
        const profile = await readProfile(this.db, role, userId);
        return new Map(profile ? [[id, profile]] : []);
      },
      peeked ? await peeked : undefined,
    );
    return found.get(id) ?? null;
  }
}
