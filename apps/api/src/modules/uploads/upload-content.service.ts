import type { ReadStream } from 'node:fs';
import { UPLOAD_LIMITS } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { LocalDiskStorage } from '../../providers/storage/local-disk.storage';
import { findUpload } from './uploads.repository';
import { signatureRefused } from './uploads.service';

export interface SignedQuery {
  expires: number;
  signature: string;
}

/**
 * The local driver's side of the signed URLs: what an S3 bucket does for presigned requests, done by the api.
 * The URL's signature authorises the request (no bearer token), for one method, one file, until it expires.
 */
export class UploadContentService {
  constructor(
    private readonly db: Database,
    private readonly storage: LocalDiskStorage,
  ) {}

  /**
   * Stores the bytes of a PENDING upload once. The bytes are not judged here: like S3, storage takes what it
   * is sent (up to the purpose's limit) and the next GET /api/uploads/:id checks size and first bytes.
   */
  async receive(
    id: string,
    query: SignedQuery,
    contentType: string | undefined,
    body: AsyncIterable<Buffer>,
  ): Promise<void> {
    const upload = await findUpload(this.db, id);
    // An unknown id reads as a bad signature: the URL names no file it could be valid for.
    if (!upload) throw signatureRefused('invalid');
    const verdict = this.storage.verify('PUT', upload.storageKey, query.expires, query.signature);
    if (verdict !== 'valid') throw signatureRefused(verdict);
    if (contentType?.split(';')[0]?.trim().toLowerCase() !== upload.contentType) {
      throw new AppError(
        'VALIDATION_FAILED',
        `The upload URL is signed for Content-Type ${upload.contentType}`,
        {
          details: { expected: upload.contentType },
        },
      );
    }
    if (upload.status !== 'PENDING') {
      throw new AppError('CONFLICT', `This upload is already ${upload.status}; ask for a new upload`);
    }
    const outcome = await this.storage.write(upload.storageKey, body, {
      // One byte more than declared is enough for the check to see the size is wrong.
      keepBytes: upload.sizeBytes + 1,
      maxBodyBytes: UPLOAD_LIMITS[upload.purpose].maxBytes,
    });
    if ('tooLarge' in outcome) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `A ${upload.purpose} file may be at most ${UPLOAD_LIMITS[upload.purpose].maxBytes} bytes`,
      );
    }
    if ('alreadyExists' in outcome) {
      throw new AppError('CONFLICT', 'The bytes of this upload were already sent; ask for a new upload');
    }
  }

  /** The bytes of a READY upload, for a signed download URL. */
  async serve(
    id: string,
    query: SignedQuery,
  ): Promise<{ stream: ReadStream; sizeBytes: number; contentType: string }> {
    const upload = await findUpload(this.db, id);
    if (!upload) throw signatureRefused('invalid');
    const verdict = this.storage.verify('GET', upload.storageKey, query.expires, query.signature);
    if (verdict !== 'valid') throw signatureRefused(verdict);
    const file = upload.status === 'READY' ? await this.storage.openRead(upload.storageKey) : null;
    if (!file) throw notFound('File');
    return { ...file, contentType: upload.contentType };
  }
}
