import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { link, mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { ObjectStorage, PresignedRequest, PresignPutInput } from './object-storage';

export interface LocalDiskStorageOptions {
  /** Directory holding the files; created when missing. */
  dir: string;
  /** Key of the URL signatures (HMAC-SHA256). */
  secret: string;
  /** The api URL that serves `key` (the uploads module's content route); the signature is appended to it. */
  contentUrl: (key: string) => string;
  /** Seconds since the epoch; a test may move it. */
  now?: () => number;
}

export type SignatureVerdict = 'valid' | 'expired' | 'invalid';

export type WriteOutcome = { written: number } | { alreadyExists: true } | { tooLarge: true };

/**
 * Files in a local directory, for development and single-machine installs. The api itself serves the signed
 * URLs (`PUT|GET /api/uploads/:id/content?expires=&signature=`), so clients use one flow whatever the
 * driver: the signature, not a bearer token, authorises the request, exactly like an S3 presigned URL.
 */
export class LocalDiskStorage implements ObjectStorage {
  readonly driver = 'local' as const;
  private readonly root: string;
  private readonly now: () => number;

  constructor(private readonly options: LocalDiskStorageOptions) {
    this.root = resolve(options.dir);
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Nothing pooled: each read opens and closes its own file handle. */
  close(): void {}

  async presignPut(key: string, file: PresignPutInput): Promise<PresignedRequest> {
    return {
      url: this.signedUrl('PUT', key, file.expiresInSeconds),
      headers: { 'Content-Type': file.contentType },
    };
  }

  async presignGet(key: string, file: { expiresInSeconds: number }): Promise<string> {
    return this.signedUrl('GET', key, file.expiresInSeconds);
  }

  /** Checks a URL's `expires` and `signature` query values for `method` on `key`. */
  verify(method: 'PUT' | 'GET', key: string, expires: number, signature: string): SignatureVerdict {
    const expected = Buffer.from(this.sign(method, key, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    // Checked after the signature, so a forged expiry reads as forged rather than as merely expired.
    return expires < this.now() ? 'expired' : 'valid';
  }

  /**
   * Streams the body to `key`, keeping at most `keepBytes` (enough to tell a wrong size from the right one)
   * and refusing a body longer than `maxBodyBytes`. The file appears only complete and only once: it is
   * written aside and hard-linked into place, which fails when the key exists, so two PUTs racing on one
   * URL cannot both land and bytes that were checked are never replaced.
   */
  async write(
    key: string,
    body: AsyncIterable<Buffer>,
    { keepBytes, maxBodyBytes }: { keepBytes: number; maxBodyBytes: number },
  ): Promise<WriteOutcome> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    const handle = await open(partial, 'wx');
    let received = 0;
    try {
      for await (const chunk of body) {
        const room = keepBytes - received;
        received += chunk.length;
        if (received > maxBodyBytes) return { tooLarge: true };
        if (room > 0) await handle.write(chunk.subarray(0, Math.min(room, chunk.length)));
      }
      await handle.sync();
      await handle.close();
      try {
        await link(partial, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { alreadyExists: true };
        throw error;
      }
      return { written: received };
    } finally {
      await handle.close().catch(() => undefined);
      await rm(partial, { force: true });
    }
  }

  /** The file's bytes as a stream, or null when nothing was stored under `key`. */
  async openRead(key: string): Promise<{ stream: ReadStream; sizeBytes: number } | null> {
    const found = await this.head(key);
    if (!found) return null;
    return { stream: createReadStream(this.pathOf(key)), sizeBytes: found.sizeBytes };
  }

  async head(key: string): Promise<{ sizeBytes: number } | null> {
    try {
      const info = await stat(this.pathOf(key));
      return { sizeBytes: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async readFirstBytes(key: string, count: number): Promise<Buffer | null> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const buffer = Buffer.alloc(count);
      const { bytesRead } = await handle.read(buffer, 0, count, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private signedUrl(method: 'PUT' | 'GET', key: string, expiresInSeconds: number): string {
    const expires = this.now() + expiresInSeconds;
    const url = new URL(this.options.contentUrl(key));
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('signature', this.sign(method, key, expires));
    return url.toString();
  }

  private sign(method: string, key: string, expires: number): string {
    return createHmac('sha256', this.options.secret)
      .update(`${method}\n${key}\n${expires}`)
      .digest('base64url');
  }

  /** Keys are made by the api, but a key must never name a file outside the directory. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key escapes the directory: ${key}`);
    return path;
  }
}
