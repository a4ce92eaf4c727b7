/**
 * Where uploaded files live. Clients send and fetch the bytes themselves through short-lived signed URLs, so
 * the api only signs, inspects (size and first bytes) and deletes. Two drivers: `local-disk.storage.ts`
 * (default; the api serves the signed URLs) and `s3.storage.ts` (any S3-compatible store, presigned URLs).
 */
export interface ObjectStorage {
  readonly driver: 'local' | 's3';
  /** A URL the client PUTs the bytes to, with the headers it must send, valid `expiresInSeconds`. */
  presignPut(key: string, file: PresignPutInput): Promise<PresignedRequest>;
  /** A URL that GETs the bytes, valid `expiresInSeconds`; answered with the given content type. */
  presignGet(key: string, file: { contentType: string; expiresInSeconds: number }): Promise<string>;
  /** The stored object's size, or null when no bytes were received for `key`. */
  head(key: string): Promise<{ sizeBytes: number } | null>;
  /** The first `count` bytes (fewer when the object is shorter), or null when there is no object. */
  readFirstBytes(key: string, count: number): Promise<Buffer | null>;
  /** Removes the object; a missing object is not an error (deletion is retried by sweeps). */
  delete(key: string): Promise<void>;
  /** At shutdown: lets go of pooled connections (S3's keep-alive sockets) so the process can exit. */
  close(): void;
}

export interface PresignPutInput {
  contentType: string;
  sizeBytes: number;
  expiresInSeconds: number;
}

export interface PresignedRequest {
  url: string;
  /** Headers the signature covers: the PUT must carry exactly these. */
  headers: Record<string, string>;
}
