import { describe, expect, it } from 'vitest';
import { TINY_JPEG, TINY_PDF, TINY_PNG, TINY_WEBP } from '#test/upload-fixtures';
import { fileSignatureMismatch } from './file-signature';

describe('checking a file by its first bytes', () => {
  it('accepts each type with its own magic number', () => {
    expect(fileSignatureMismatch('image/jpeg', TINY_JPEG)).toBeNull();
    expect(fileSignatureMismatch('image/png', TINY_PNG)).toBeNull();
    expect(fileSignatureMismatch('image/webp', TINY_WEBP)).toBeNull();
    expect(fileSignatureMismatch('application/pdf', TINY_PDF)).toBeNull();
  });

  it('names the real type of a renamed file', () => {
    expect(fileSignatureMismatch('image/png', TINY_JPEG)).toBe(
      'The file is image/jpeg, not the declared image/png',
    );
    expect(fileSignatureMismatch('application/pdf', TINY_WEBP)).toBe(
      'The file is image/webp, not the declared application/pdf',
    );
  });

  it('refuses look-alikes: a RIFF that is not WebP, a truncated PNG header, text, an empty file', () => {
    const wave = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]);
    expect(fileSignatureMismatch('image/webp', wave)).toContain('not those of image/webp');
    expect(fileSignatureMismatch('image/png', TINY_PNG.subarray(0, 7))).not.toBeNull();
    expect(fileSignatureMismatch('application/pdf', Buffer.from('%PDF'))).not.toBeNull();
    expect(fileSignatureMismatch('image/jpeg', Buffer.from('<html>'))).not.toBeNull();
    expect(fileSignatureMismatch('image/jpeg', Buffer.alloc(0))).not.toBeNull();
  });
});
