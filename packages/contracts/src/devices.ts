import { z } from 'zod';

export const DEVICE_PLATFORMS = ['ios', 'android', 'web'] as const;
export const devicePlatformSchema = z.enum(DEVICE_PLATFORMS);
export type DevicePlatform = z.infer<typeof devicePlatformSchema>;

/** A push token as the phone's push service gave it (an Expo push token such as `ExponentPushToken[…]`). */
export const pushTokenSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'a push token is printable ASCII without spaces')
  .describe('Push token from the device, e.g. ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]');

/** Body of POST /api/me/devices: where to reach the signed-in user by push. */
export const registerDeviceSchema = z.object({ token: pushTokenSchema, platform: devicePlatformSchema });
export type RegisterDevice = z.infer<typeof registerDeviceSchema>;

export const deviceSchema = z.object({
  token: z.string(),
  platform: devicePlatformSchema,
  createdAt: z.string().describe('ISO 8601 timestamp, UTC: when this user registered the token'),
});
export type Device = z.infer<typeof deviceSchema>;

export const deviceTokenParamsSchema = z.object({ token: pushTokenSchema });
