import { z } from 'zod';
import { phoneSchema } from './phone';
import { roleSchema, selfServiceRoleSchema } from './roles';
import { safeText } from './text';
import { companySchema, userProfileSchema } from './users';
import { vehicleSchema } from './vehicles';

export const PASSWORD_MIN_LENGTH = 8;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(128);

const nameSchema = safeText().min(2).max(120);

export const registerCustomerSchema = z.object({
  role: z.literal('customer'),
  phone: phoneSchema,
  password: passwordSchema,
  name: nameSchema,
  email: z.email().max(254).optional(),
  company: companySchema.optional().describe('Present for a business (B2B) customer'),
});

export const registerDriverSchema = z.object({
  role: z.literal('driver'),
  phone: phoneSchema,
  password: passwordSchema,
  name: nameSchema,
  vehicle: vehicleSchema,
});

export const registerRequestSchema = z.discriminatedUnion('role', [
  registerCustomerSchema,
  registerDriverSchema,
]);
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const loginRequestSchema = z.object({
  role: roleSchema,
  phone: phoneSchema,
  password: z.string().min(1).max(128),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const otpRequestSchema = z.object({ role: selfServiceRoleSchema, phone: phoneSchema });
export type OtpRequest = z.infer<typeof otpRequestSchema>;

export const otpCodeSchema = z.string().regex(/^\d{6}$/, 'The code has 6 digits');

export const otpVerifySchema = z.object({
  role: selfServiceRoleSchema,
  phone: phoneSchema,
  code: otpCodeSchema,
});
export type OtpVerify = z.infer<typeof otpVerifySchema>;

export const codeSentResponseSchema = z.object({
  sent: z.literal(true).describe('Always true: the answer never reveals whether the phone has an account'),
  expiresInSeconds: z.number().int(),
});

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(512) });
// nullish: a POST without a body reaches validation as null.
export const logoutRequestSchema = z
  .object({ refreshToken: z.string().min(1).max(512).optional() })
  .nullish();

export const passwordForgotSchema = z.object({ role: roleSchema, phone: phoneSchema });
export const passwordResetSchema = z.object({
  role: roleSchema,
  phone: phoneSchema,
  code: otpCodeSchema,
  newPassword: passwordSchema,
});

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshTokenExpiresAt: z.string(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const authResponseSchema = tokenPairSchema.extend({ user: userProfileSchema });
export type AuthResponse = z.infer<typeof authResponseSchema>;
