import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3StandInOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  bucket: string;
  /** 0 (default): any free port. */
  port?: number;
  /** The largest object accepted, in bytes (default 32 MiB). */
  maxObjectBytes?: number;
  /** How long an idle keep-alive connection is kept (Node's default, 5 s, unless given). */
  keepAliveTimeoutMs?: number;
}

export interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

export interface S3StandIn {
  /** The endpoint (S3_ENDPOINT); buckets are addressed path-style: `<url>/<bucket>/<key>`. */
  url: string;
  objects: Map<string, StoredObject>;
  /** Requests refused for their signature or expiry, newest last (what a test asserts on). */
  refusals: { method: string; path: string; code: string }[];
  /** TCP connections clients hold open to it now (keep-alive ones included). */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

/** Clock skew S3 tolerates on header-signed requests. */
const MAX_SKEW_MS = 15 * 60_000;
/** S3's ceiling for a presigned URL's X-Amz-Expires (7 days). */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A loopback S3 speaking the part of the API Truck4u uses (PUT, GET with Range, HEAD and DELETE of objects in
 * one path-style bucket) and, above all, authenticating like S3: every request must carry an AWS Signature
 * Version 4 made with the configured secret, in the Authorization header (the SDK's own calls) or in the
 * query string (presigned URLs, checked against X-Amz-Expires). A test that passes against it has shown the
 * api's URLs would be accepted by a real store — and that a tampered or expired one would not.
 */
export async function startS3StandIn(options: S3StandInOptions): Promise<S3StandIn> {
  const objects = new Map<string, StoredObject>();
  const refusals: S3StandIn['refusals'] = [];
  const maxObjectBytes = options.maxObjectBytes ?? 32 * 1024 * 1024;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const s3 =
        error instanceof S3Error
          ? error
          : new S3Error(500, 'InternalError', (error as Error).message ?? 'error');
      if (s3.status === 403) {
        refusals.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', code: s3.code });
      }
      sendError(req, res, s3);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const queryIndex = rawUrl.indexOf('?');
    const rawPath = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
    const rawQuery = queryIndex === -1 ? '' : rawUrl.slice(queryIndex + 1);
    const query = parseQuery(rawQuery);
    const body = await readBody(req, maxObjectBytes);
    authenticate(req, rawPath, query, body);

    const [bucket, ...keyParts] = rawPath.slice(1).split('/').map(decodeURIComponent);
    const key = keyParts.join('/');
    if (bucket !== options.bucket)
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (key === '') throw new S3Error(400, 'InvalidRequest', 'Only object operations are supported');
    const stored = objects.get(key);

    switch (req.method) {
      case 'PUT': {
        // Conditional write (If-None-Match: *): only the first PUT creates the object.
        if (req.headers['if-none-match'] === '*' && stored) {
          throw new S3Error(
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
          );
        }
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        objects.set(key, {
          body,
          contentType: header(req, 'content-type') ?? 'application/octet-stream',
          etag,
          lastModified: new Date(),
        });
        res.writeHead(200, { etag });
        res.end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        if (!stored) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        const headers: Record<string, string> = {
          'content-type': query.get('response-content-type') ?? stored.contentType,
          etag: stored.etag,
          'last-modified': stored.lastModified.toUTCString(),
          'accept-ranges': 'bytes',
        };
        const disposition = query.get('response-content-disposition');
        if (disposition) headers['content-disposition'] = disposition;
        const range = byteRange(header(req, 'range'), stored.body.length);
        const slice = range ? stored.body.subarray(range.start, range.end + 1) : stored.body;
        headers['content-length'] = String(slice.length);
        if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${stored.body.length}`;
        res.writeHead(range ? 206 : 200, headers);
        res.end(req.method === 'HEAD' ? undefined : slice);
        return;
      }
      case 'DELETE':
        objects.delete(key);
        res.writeHead(204);
        res.end();
        return;
      default:
        throw new S3Error(
          405,
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
        );
    }
  }

  /** Verifies the request's SigV4 signature, from the Authorization header or the presigned query string. */
  function authenticate(req: IncomingMessage, rawPath: string, query: URLSearchParams, body: Buffer): void {
    const authorization = header(req, 'authorization');
    let credential: string;
    let signedHeaders: string[];
    let signature: string;
    let amzDate: string;
    let payloadHash: string;
    let canonicalQuery: URLSearchParams;
    if (authorization) {
      const match =
        /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(
          authorization,
        );
      if (!match)
        throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed');
      [, credential = '', , signature = ''] = match;
      signedHeaders = (match[2] ?? '').split(';');
      amzDate = header(req, 'x-amz-date') ?? '';
      payloadHash = header(req, 'x-amz-content-sha256') ?? '';
      if (Math.abs(parseAmzDate(amzDate) - Date.now()) > MAX_SKEW_MS) {
        throw new S3Error(
          403,
          'RequestTimeTooSkewed',
          'The difference between the request time and now is too large',
        );
      }
      if (/^[0-9a-f]{64}$/.test(payloadHash) && sha256Hex(body) !== payloadHash) {
        throw new S3Error(
          400,
          'XAmzContentSHA256Mismatch',
          'The provided x-amz-content-sha256 does not match',
        );
      }
      canonicalQuery = query;
    } else if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
      credential = query.get('X-Amz-Credential') ?? '';
      signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
      signature = query.get('X-Amz-Signature') ?? '';
      amzDate = query.get('X-Amz-Date') ?? '';
      payloadHash = 'UNSIGNED-PAYLOAD';
      const expires = Number(query.get('X-Amz-Expires'));
      if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
        throw new S3Error(
          400,
          'AuthorizationQueryParametersError',
          'X-Amz-Expires must be 1 to 604800 seconds',
        );
      }
      if (parseAmzDate(amzDate) + expires * 1000 < Date.now()) {
        throw new S3Error(403, 'AccessDenied', 'Request has expired');
      }
      canonicalQuery = new URLSearchParams(query);
      canonicalQuery.delete('X-Amz-Signature');
    } else {
      throw new S3Error(403, 'AccessDenied', 'Anonymous access is not allowed: the bucket is private');
    }

    const [accessKeyId, date, region, service, terminator] = credential.split('/');
    if (accessKeyId !== options.accessKeyId) {
      throw new S3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS access key Id you provided does not exist in our records.',
      );
    }
    if (
      region !== options.region ||
      service !== 's3' ||
      terminator !== 'aws4_request' ||
      !amzDate.startsWith(date ?? '-')
    ) {
      throw new S3Error(403, 'SignatureDoesNotMatch', 'The credential scope is not valid for this bucket');
    }
    if (!signedHeaders.includes('host')) {
      throw new S3Error(403, 'SignatureDoesNotMatch', 'The host header must be signed');
    }
    const canonicalHeaders = signedHeaders
      .map((name) => {
        const value = header(req, name);
        if (value === undefined)
          throw new S3Error(403, 'SignatureDoesNotMatch', `Signed header ${name} is missing`);
        return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
      })
      .join('');
    const canonicalRequest = [
      req.method,
      rawPath,
      canonicalQueryString(canonicalQuery),
      canonicalHeaders,
      signedHeaders.join(';'),
      payloadHash,
    ].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    let key = hmac(`AWS4${options.secretAccessKey}`, date ?? '');
    for (const part of [region ?? '', 's3', 'aws4_request']) key = hmac(key, part);
    const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
  }

  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    refusals,
    openConnections: () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseQuery(raw: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    params.append(
      decodeURIComponent(name.replace(/\+/g, '%20')),
      decodeURIComponent(value.replace(/\+/g, '%20')),
    );
  }
  return params;
}

/** SigV4's URI encoding: everything but the unreserved characters, with upper-case hex. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQueryString(query: URLSearchParams): string {
  return [...query.entries()]
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** `20261202T040000Z` → epoch milliseconds (NaN when malformed, which fails every comparison). */
function parseAmzDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) throw new S3Error(403, 'AccessDenied', 'X-Amz-Date is missing or malformed');
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range, clamped to the object; null for no or another header. */
function byteRange(value: string | undefined, size: number): { start: number; end: number } | null {
  const match = value ? /^bytes=(\d*)-(\d*)$/.exec(value) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
  }
  return { start, end };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendError(req: IncomingMessage, res: ServerResponse, error: S3Error): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // HEAD answers carry no body; S3 gives only the status then (the SDK names the error from it).
  if (req.method === 'HEAD') {
    res.writeHead(error.status);
    res.end();
    return;
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>`;
  res.writeHead(error.status, { 'content-type': 'application/xml' });
  res.end(xml);
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
