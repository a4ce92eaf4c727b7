import { z } from 'zod';

/** What a file is for; decides which types and sizes are accepted and who may later download it. */
export const UPLOAD_PURPOSES = ['DRIVER_DOCUMENT', 'CARGO_PHOTO', 'PROOF_PHOTO', 'DISPUTE_EVIDENCE'] as const;
export const uploadPurposeSchema = z.enum(UPLOAD_PURPOSES);
export type UploadPurpose = z.infer<typeof uploadPurposeSchema>;

/** Every content type the platform stores; each is checked against the file's first bytes. */
export const UPLOAD_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const uploadContentTypeSchema = z.enum(UPLOAD_CONTENT_TYPES);
export type UploadContentType = z.infer<typeof uploadContentTypeSchema>;

const MB = 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/**
 * Per purpose: the content types accepted and the largest size in bytes. Clients show it (and check before
 * asking for an upload URL); the api refuses anything else with 400 `VALIDATION_FAILED`.
 */
export const UPLOAD_LIMITS: Readonly<
  Record<UploadPurpose, { contentTypes: readonly UploadContentType[]; maxBytes: number }>
> = {
  CARGO_PHOTO: { contentTypes: PHOTO_TYPES, maxBytes: 8 * MB },
  PROOF_PHOTO: { contentTypes: PHOTO_TYPES, maxBytes: 8 * MB },
  DRIVER_DOCUMENT: { contentTypes: [...PHOTO_TYPES, 'application/pdf'], maxBytes: 10 * MB },
  DISPUTE_EVIDENCE: { contentTypes: [...PHOTO_TYPES, 'application/pdf'], maxBytes: 10 * MB },
};

/**
 * `PENDING`: no checked bytes yet; `READY`: the bytes arrived with the declared size and their first bytes
 * match the declared type; `REJECTED`: they did not (`rejectionReason` says why). Final once not PENDING.
 */
export const UPLOAD_STATUSES = ['PENDING', 'READY', 'REJECTED'] as const;
export const uploadStatusSchema = z.enum(UPLOAD_STATUSES);
export type UploadStatus = z.infer<typeof uploadStatusSchema>;

/** Body of POST /api/uploads: what the client is about to send. */
export const createUploadSchema = z
  .object({
    purpose: uploadPurposeSchema,
    contentType: z
      .string()
      .min(1)
      .max(100)
      .describe('MIME type of the file; one of UPLOAD_LIMITS[purpose].contentTypes'),
    sizeBytes: z.number().int().positive().describe('Exact size of the file in bytes'),
  })
  .superRefine((body, ctx) => {
    const limits = UPLOAD_LIMITS[body.purpose];
    if (!(limits.contentTypes as readonly string[]).includes(body.contentType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['contentType'],
        message: `must be one of ${limits.contentTypes.join(', ')} for ${body.purpose}`,
      });
    }
    if (body.sizeBytes > limits.maxBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['sizeBytes'],
        message: `must be at most ${limits.maxBytes} bytes for ${body.purpose}`,
      });
    }
  });
export type CreateUpload = z.infer<typeof createUploadSchema>;

/** Answer of POST /api/uploads: send the bytes with `method` to `uploadUrl`, with exactly `headers`. */
export const uploadTicketSchema = z.object({
  id: z.uuid(),
  uploadUrl: z.string().describe('Signed, short-lived URL; the PUT needs no Authorization header'),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry, as given'),
  expiresAt: z.string().describe('ISO 8601 timestamp, UTC: the URL stops working then'),
});
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

export const uploadSchema = z.object({
  id: z.uuid(),
  purpose: uploadPurposeSchema,
  contentType: uploadContentTypeSchema,
  sizeBytes: z.number().int(),
  status: uploadStatusSchema,
  rejectionReason: z.string().nullable().describe('Why the bytes were refused (REJECTED only)'),
  downloadUrl: z.string().nullable().describe('Signed, short-lived URL of the file; only when READY'),
  downloadExpiresAt: z
    .string()
    .nullable()
    .describe('ISO 8601 timestamp, UTC: when downloadUrl stops working'),
  rideId: z.uuid().nullable().describe('The ride the file is attached to, if any'),
  createdAt: z.string(),
});
export type Upload = z.infer<typeof uploadSchema>;

export const uploadIdParamsSchema = z.object({ id: z.uuid() });
