import { z } from 'zod';
import { driverVerificationStatusSchema } from './drivers';
import { safeText } from './text';
import { type GrossWeightClass, VEHICLE_GROSS_WEIGHT_CLASS, type VehicleType } from './vehicles';

// ---------------------------------------------------------------------------------------------------------
// Driver documents (KYC): what a driver submits, what an admin reviews (docs/DRIVER-DOCUMENTS.md).
// ---------------------------------------------------------------------------------------------------------

/** Every kind is required: a driver is verified once all five are approved and unexpired. */
export const DOCUMENT_KINDS = [
  'CIN',
  'DRIVING_LICENCE',
  'VEHICLE_REGISTRATION',
  'INSURANCE',
  'TECHNICAL_INSPECTION',
] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;
export const REQUIRED_DOCUMENT_KINDS: readonly DocumentKind[] = DOCUMENT_KINDS;

export const DOCUMENT_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'] as const;
export const documentStatusSchema = z.enum(DOCUMENT_STATUSES);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/** What each kind must carry. Kinds with an expiry date get reminders and expire (docs/DRIVER-DOCUMENTS.md). */
export const DOCUMENT_RULES: Readonly<
  Record<DocumentKind, { needsNumber: boolean; needsExpiry: boolean; hasCategories: boolean }>
> = {
  // The Tunisian national identity card carries no expiry date.
  CIN: { needsNumber: true, needsExpiry: false, hasCategories: false },
  DRIVING_LICENCE: { needsNumber: true, needsExpiry: true, hasCategories: true },
  // The carte grise follows the vehicle, not a date.
  VEHICLE_REGISTRATION: { needsNumber: true, needsExpiry: false, hasCategories: false },
  INSURANCE: { needsNumber: false, needsExpiry: true, hasCategories: false },
  TECHNICAL_INSPECTION: { needsNumber: false, needsExpiry: true, hasCategories: false },
};

/** Tunisian driving licence categories. */
export const LICENCE_CATEGORIES = ['A1', 'A', 'B', 'B+E', 'C', 'C+E', 'D', 'D1', 'D+E', 'H'] as const;
export const licenceCategorySchema = z.enum(LICENCE_CATEGORIES);
export type LicenceCategory = z.infer<typeof licenceCategorySchema>;

/**
 * The categories that allow driving a vehicle of each gross weight class. C (and C+E) is issued only to holders
 * of B, so it allows the light class too; D, D1 and D+E are for passengers, not goods.
 */
export const LICENCE_CATEGORIES_FOR_CLASS: Readonly<Record<GrossWeightClass, readonly LicenceCategory[]>> = {
  UP_TO_3_5_T: ['B', 'B+E', 'C', 'C+E'],
  OVER_3_5_T: ['C', 'C+E'],
};

/** The licence categories, any one of which allows driving `vehicleType`. */
export function licenceCategoriesFor(vehicleType: VehicleType): readonly LicenceCategory[] {
  return LICENCE_CATEGORIES_FOR_CLASS[VEHICLE_GROSS_WEIGHT_CLASS[vehicleType]];
}

export function licenceAllows(categories: readonly string[], vehicleType: VehicleType): boolean {
  return licenceCategoriesFor(vehicleType).some((category) => categories.includes(category));
}

/** Reminders go out this many days before a document expires, each once per document. */
export const DOCUMENT_REMINDER_DAYS = [30, 7, 1] as const;

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'Not a calendar date')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Not a calendar date')
  .describe('YYYY-MM-DD');

/** Body of POST /api/drivers/me/documents. */
export const submitDocumentSchema = z
  .object({
    kind: documentKindSchema,
    uploadId: z.uuid().describe('A READY upload of purpose DRIVER_DOCUMENT (POST /api/uploads)'),
    number: safeText().min(2).max(40).optional().describe('As printed on the document'),
    issuedAt: calendarDate.optional(),
    expiresAt: calendarDate.optional(),
    categories: z
      .array(licenceCategorySchema)
      .min(1)
      .max(LICENCE_CATEGORIES.length)
      .optional()
      .describe('DRIVING_LICENCE only: the categories the licence grants'),
  })
  .superRefine((body, ctx) => {
    const rules = DOCUMENT_RULES[body.kind];
    if (rules.needsNumber && body.number === undefined) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: `A ${body.kind} needs its number` });
    }
    if (rules.needsExpiry && body.expiresAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: `A ${body.kind} needs its expiry date` });
    }
    if (rules.hasCategories && body.categories === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: 'A driving licence needs its categories',
      });
    }
    if (!rules.hasCategories && body.categories !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: 'Only a driving licence has categories',
      });
    }
    if (body.categories && new Set(body.categories).size !== body.categories.length) {
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'A category is listed twice' });
    }
    if (body.issuedAt && body.expiresAt && body.expiresAt <= body.issuedAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresAt'],
        message: 'The expiry date must follow the issue date',
      });
    }
  });
export type SubmitDocument = z.infer<typeof submitDocumentSchema>;

/** A driver document as the driver and admins see it. */
export const driverDocumentSchema = z.object({
  id: z.uuid(),
  driverId: z.uuid(),
  kind: documentKindSchema,
  status: documentStatusSchema,
  uploadId: z.uuid().describe('The file: GET /api/uploads/:id gives a short-lived download URL'),
  number: z.string().optional(),
  issuedAt: z.string().optional().describe('YYYY-MM-DD'),
  expiresAt: z.string().optional().describe('YYYY-MM-DD; the document expires at the end of that day'),
  categories: z.array(licenceCategorySchema).optional(),
  reason: z.string().optional().describe('Why it was rejected, or that it expired'),
  isCurrent: z
    .boolean()
    .describe('false once a newer submission of the same kind replaced it (kept as history)'),
  submittedAt: z.string(),
  reviewedAt: z.string().optional(),
});
export type DriverDocument = z.infer<typeof driverDocumentSchema>;

/** GET /api/drivers/me/documents and GET /api/admin/drivers/:id/documents. */
export const driverDocumentsSchema = z.object({
  items: z
    .array(driverDocumentSchema)
    .describe('Current documents first (in kind order), then history, newest first'),
  missing: z
    .array(documentKindSchema)
    .describe(
      'Required kinds without a current APPROVED document: what still stands between the driver and verification',
    ),
});
export type DriverDocuments = z.infer<typeof driverDocumentsSchema>;

/** Body of PATCH /api/admin/documents/:id/review. */
export const reviewDocumentSchema = z
  .object({
    approved: z.boolean(),
    reason: safeText({ multiline: true })
      .min(1)
      .max(500)
      .optional()
      .describe('Required when rejecting: the driver is shown it and can submit the document again'),
  })
  .refine((body) => body.approved || body.reason !== undefined, {
    path: ['reason'],
    message: 'A rejection needs a reason the driver can act on',
  });
export type ReviewDocument = z.infer<typeof reviewDocumentSchema>;

/** Answer of a review, and the payload of the `document:status` socket event. */
export const documentReviewSchema = z.object({
  document: driverDocumentSchema,
  verificationStatus: driverVerificationStatusSchema.describe(
    "The driver's verification after the review: VERIFIED once the last required document is approved",
  ),
});
export type DocumentReview = z.infer<typeof documentReviewSchema>;
