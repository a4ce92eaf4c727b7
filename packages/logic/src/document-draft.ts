import {
  DOCUMENT_RULES,
  type DocumentKind,
  type LicenceCategory,
  type SubmitDocument,
} from '@truck4u/contracts';

/** What a driver types for a document, before its file is uploaded; '' for a field left empty. */
export interface DocumentFields {
  number: string;
  issuedAt: string;
  expiresAt: string;
  categories: LicenceCategory[];
}

/** Whether every field the kind requires is filled in (DOCUMENT_RULES); formats are the form's own check. */
export function hasRequiredDocumentFields(kind: DocumentKind, fields: DocumentFields): boolean {
  const rules = DOCUMENT_RULES[kind];
  return (
    (!rules.needsNumber || fields.number.trim().length >= 2) &&
    (!rules.needsExpiry || fields.expiresAt !== '') &&
    (!rules.hasCategories || fields.categories.length > 0)
  );
}

/** The body of POST /api/drivers/me/documents for an uploaded file: empty fields left out. */
export function documentSubmission(
  kind: DocumentKind,
  uploadId: string,
  fields: DocumentFields,
): SubmitDocument {
  return {
    kind,
    uploadId,
    ...(fields.number.trim() ? { number: fields.number.trim() } : {}),
    ...(fields.issuedAt ? { issuedAt: fields.issuedAt } : {}),
    ...(fields.expiresAt ? { expiresAt: fields.expiresAt } : {}),
    ...(DOCUMENT_RULES[kind].hasCategories ? { categories: fields.categories } : {}),
  };
}
