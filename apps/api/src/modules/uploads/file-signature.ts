import type { UploadContentType } from '@truck4u/contracts';

/** How many leading bytes `fileSignatureMismatch` needs (WebP's is the longest: RIFF, size, WEBP). */
export const SIGNATURE_BYTES = 12;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The magic numbers of the accepted types: a file is what its first bytes say, not what its name claims. */
const SIGNATURES: Record<UploadContentType, (bytes: Uint8Array) => boolean> = {
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
};

/** Null when the first bytes match the declared type; otherwise the reason shown to the client. */
export function fileSignatureMismatch(contentType: UploadContentType, firstBytes: Uint8Array): string | null {
  if (SIGNATURES[contentType](firstBytes)) return null;
  const actual = (Object.keys(SIGNATURES) as UploadContentType[]).find((type) =>
    SIGNATURES[type](firstBytes),
  );
  return actual
    ? `The file is ${actual}, not the declared ${contentType}`
    : `The file's first bytes are not those of ${contentType}`;
}
