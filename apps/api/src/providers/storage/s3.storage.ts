import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStorage, PresignedRequest, PresignPutInput } from './object-storage';

export interface S3StorageOptions {
  /** Unset: AWS's own endpoint for `region`. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/**
 * Any S3-compatible store (AWS, MinIO, Scaleway, Cloudflare R2, the loopback stand-in). The api never sees
 * the bytes: clients PUT and GET them with presigned URLs; the api HEADs the object and reads its first
 * bytes (a ranged GET) to check an upload. The bucket stays private; every URL is signed and short-lived.
 */
export class S3Storage implements ObjectStorage {
  readonly driver = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Left at its default, the SDK signs a CRC32 of the (empty) body into presigned PUT URLs, which every
      // real upload then fails; and it cannot validate checksums of ranged reads anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  async presignPut(key: string, file: PresignPutInput): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ContentType: file.contentType,
      // Signed: only the first PUT can create the object, so bytes that were checked are never replaced
      // by a second PUT on the same URL before it expires.
      IfNoneMatch: '*',
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: file.expiresInSeconds,
      // The presigner leaves Content-Type unsigned by default; signed, the bytes are stored (and later
      // served) only as the type that was declared and checked.
      signableHeaders: new Set(['content-type']),
    });
    return { url, headers: { 'Content-Type': file.contentType, 'If-None-Match': '*' } };
  }

  async presignGet(key: string, file: { contentType: string; expiresInSeconds: number }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentType: file.contentType,
      ResponseContentDisposition: 'inline',
    });
    return getSignedUrl(this.client, command, { expiresIn: file.expiresInSeconds });
  }

  async head(key: string): Promise<{ sizeBytes: number } | null> {
    try {
      const found = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { sizeBytes: found.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async readFirstBytes(key: string, count: number): Promise<Buffer | null> {
    try {
      const found = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: `bytes=0-${count - 1}` }),
      );
      if (!found.Body) return Buffer.alloc(0);
      return Buffer.from(await found.Body.transformToByteArray()).subarray(0, count);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  close(): void {
    // Destroys the SDK's HTTP agent: its idle keep-alive sockets to the store would otherwise hold the
    // event loop open after the rest of the process has shut down.
    this.client.destroy();
  }
}

function isMissing(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404;
}
