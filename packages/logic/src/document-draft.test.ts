import { submitDocumentSchema } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import { type DocumentFields, documentSubmission, hasRequiredDocumentFields } from './document-draft';

const EMPTY: DocumentFields = { number: '', issuedAt: '', expiresAt: '', categories: [] };
const UPLOAD = '7b0f1e6a-2b1c-4c7e-9d1a-3f5e8a9b0c1d';

describe('document drafts', () => {
  it('asks each kind for the fields its rules require, and nothing more', () => {
    expect(hasRequiredDocumentFields('CIN', EMPTY)).toBe(false);
    expect(hasRequiredDocumentFields('CIN', { ...EMPTY, number: ' 0 ' })).toBe(false);
    expect(hasRequiredDocumentFields('CIN', { ...EMPTY, number: '08123456' })).toBe(true);
    expect(hasRequiredDocumentFields('DRIVING_LICENCE', { ...EMPTY, number: '12/345678' })).toBe(false);
    expect(
      hasRequiredDocumentFields('DRIVING_LICENCE', {
        ...EMPTY,
        number: '12/345678',
        expiresAt: '2029-06-30',
        categories: ['B'],
      }),
    ).toBe(true);
    expect(hasRequiredDocumentFields('TECHNICAL_INSPECTION', { ...EMPTY, expiresAt: '2027-01-31' })).toBe(
      true,
    );
  });

  it('makes a body the api accepts, trimmed, without the empty fields', () => {
    const body = documentSubmission('INSURANCE', UPLOAD, {
      ...EMPTY,
      number: '  STAR-2026-1234 ',
      expiresAt: '2027-01-31',
    });
    expect(body).toEqual({
      kind: 'INSURANCE',
      uploadId: UPLOAD,
      number: 'STAR-2026-1234',
      expiresAt: '2027-01-31',
    });
    expect(submitDocumentSchema.safeParse(body).success).toBe(true);
    const licence = documentSubmission('DRIVING_LICENCE', UPLOAD, {
      number: '12/345678',
      issuedAt: '2019-05-02',
      expiresAt: '2029-06-30',
      categories: ['B', 'C'],
    });
    expect(licence.categories).toEqual(['B', 'C']);
    expect(submitDocumentSchema.safeParse(licence).success).toBe(true);
  });
});
