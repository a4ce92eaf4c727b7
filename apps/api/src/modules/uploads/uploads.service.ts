import { randomUUID } from 'node:crypto';
import type { CreateUpload, Role, Upload, UploadContentType, UploadTicket } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { LimitOutcome, RateLimiter } from '../../infra/rate-limiter';
import type { ObjectStorage } from '../../providers/storage/object-storage';
import { fileSignatureMismatch, SIGNATURE_BYTES } from './file-signature';
import {
  findUploadWithRide,
  insertUpload,
  settleUpload,
  type UploadRow,
  type UploadWithRide,
} from './uploads.repository';

export interface UploadsOptions {
  /** UPLOAD_URL_TTL_SECONDS: life of every signed URL handed out. */
  urlTtlSeconds: number;
}

/** The hourly budget of uploads each user may start (UPLOAD_LIMIT_PER_HOUR). */
export interface UploadBudget {
  limiter: RateLimiter;
  perUserPerHour: number;
  log: Pick<Logger, 'warn'>;
}

export const uploadLimitKey = (role: Role, userId: string) => `rl:uploads:${role}:${userId}`;

export interface Viewer {
  role: Role;
  userId: string;
}

/** Where an upload's bytes live: grouped by purpose, so a bucket's lifecycle rules can tell them apart. */
export const storageKeyFor = (purpose: string, id: string) =>
  `${purpose.toLowerCase().replaceAll('_', '-')}/${id}`;

/** The upload id a storage key was made from (its last segment). */
export const uploadIdOfStorageKey = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/**
 * Files: a ticket to send the bytes straight to storage, then — when the client reads the upload back — the
 * check of what arrived (size and first bytes) and a short-lived download URL for those allowed to see it.
 */
export class UploadsService {
  constructor(
    private readonly db: Database,
    private readonly storage: ObjectStorage,
    private readonly options: UploadsOptions,
    private readonly budget?: UploadBudget,
  ) {}

  /** The upload row (PENDING) and a signed PUT for its bytes; the body was checked against UPLOAD_LIMITS. */
  async create(owner: Viewer, input: CreateUpload): Promise<UploadTicket> {
    await this.consumeBudget(owner);
    const id = randomUUID();
    const storageKey = storageKeyFor(input.purpose, id);
    const contentType = input.contentType as UploadContentType;
    const expiresInSeconds = this.options.urlTtlSeconds;
    // Signed before the row is written: the clock starts no earlier than the URL's own.
    const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
    const put = await this.storage.presignPut(storageKey, {
      contentType,
      sizeBytes: input.sizeBytes,
      expiresInSeconds,
    });
    await insertUpload(this.db, {
      id,
      ownerRole: owner.role,
      ownerId: owner.userId,
      purpose: input.purpose,
      contentType,
      sizeBytes: input.sizeBytes,
      storageKey,
    });
    return {
      id,
      uploadUrl: put.url,
      method: 'PUT',
      headers: put.headers,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * One unit of the user's hourly upload budget, or 429: each upload is a row and a signed URL to storage
   * that costs money, so a script must not mint them without end. Fails open when Redis cannot answer, as
   * ride posting does: a driver at the door with a proof photo matters more than the curb on abuse, and
   * every caller is an authenticated user.
   */
  private async consumeBudget(owner: Viewer): Promise<void> {
    if (!this.budget) return;
    const rule = {
      key: uploadLimitKey(owner.role, owner.userId),
      limit: this.budget.perUserPerHour,
      windowSeconds: 3600,
    };
    let outcome: LimitOutcome;
    try {
      outcome = await this.budget.limiter.consume([rule]);
    } catch (error) {
      this.budget.log.warn(
        { err: error, userId: owner.userId },
        'upload limit unavailable; allowing the upload',
      );
      return;
    }
    if (!outcome.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many uploads in the last hour; try again later', {
        details: { retryAfterSeconds: outcome.retryAfterSeconds, limit: rule.limit },
        headers: { 'retry-after': String(outcome.retryAfterSeconds) },
      });
    }
  }

  /**
   * The upload as `viewer` may see it, or 404 — also when it exists but is not theirs to see, so its
   * existence is not revealed. A PENDING upload is checked here first: this read is what moves it to READY
   * or REJECTED, for every storage driver alike (with S3 the api never sees the bytes on their way in).
   */
  async get(viewer: Viewer, id: string): Promise<Upload> {
    let row = await findUploadWithRide(this.db, id);
    if (!row || !canSee(viewer, row)) throw notFound('Upload');
    if (row.status === 'PENDING' && (await this.inspect(row))) {
      row = (await findUploadWithRide(this.db, id)) ?? row;
    }
    let downloadUrl: string | null = null;
    let downloadExpiresAt: string | null = null;
    if (row.status === 'READY') {
      const expiresInSeconds = this.options.urlTtlSeconds;
      downloadExpiresAt = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
      downloadUrl = await this.storage.presignGet(row.storageKey, {
        contentType: row.contentType,
        expiresInSeconds,
      });
    }
    return {
      id: row.id,
      purpose: row.purpose,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      status: row.status,
      rejectionReason: row.rejectionReason,
      downloadUrl,
      downloadExpiresAt,
      rideId: row.rideId,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /**
   * Looks at the stored bytes of a PENDING upload and records READY or REJECTED; false while none arrived.
   * The size must be exactly the declared one and the first bytes those of the declared type.
   */
  private async inspect(row: UploadRow): Promise<boolean> {
    const stored = await this.storage.head(row.storageKey);
    if (!stored) return false;
    let reason: string | null = null;
    if (stored.sizeBytes !== row.sizeBytes) {
      reason = `Received ${stored.sizeBytes} bytes where ${row.sizeBytes} were declared`;
    } else {
      const first = await this.storage.readFirstBytes(row.storageKey, SIGNATURE_BYTES);
      if (!first) return false;
      reason = fileSignatureMismatch(row.contentType, first);
    }
    await settleUpload(
      this.db,
      row.id,
      reason === null ? { status: 'READY' } : { status: 'REJECTED', reason },
    );
    return true;
  }
}

/**
 * The owner and admins see every upload; the customer and the assigned driver of the ride a file is attached
 * to see it too — except a driver's KYC documents, which stay between the driver and the admins.
 */
function canSee(viewer: Viewer, row: UploadWithRide): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role === row.ownerRole && viewer.userId === row.ownerId) return true;
  if (row.purpose === 'DRIVER_DOCUMENT' || row.rideId === null) return false;
  if (viewer.role === 'customer') return viewer.userId === row.rideCustomerId;
  return viewer.role === 'driver' && viewer.userId === row.rideDriverId;
}

/** For the local driver's content route: thrown when a signed URL is refused. */
export const signatureRefused = (why: 'expired' | 'invalid') =>
  new AppError(
    'FORBIDDEN',
    why === 'expired'
      ? 'This upload URL has expired; ask for a new one'
      : 'This upload URL is not validly signed',
  );
