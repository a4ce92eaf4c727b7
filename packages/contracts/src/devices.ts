import { z } from 'zod';

export const DEVICE_PLATFORMS = ['ios', 'android', 'web'] as const;
export const devicePlatformSchema = z.enum(DEVICE_PLATFORMS);
export type DevicePlatform = z.infer<typeof devicePlatformSchema>;

/**
 * An Expo push token as the app got it from expo-notifications (`ExponentPushToken[…]` or
 * `ExpoPushToken[…]`): pushes go through Expo's service, which accepts nothing else, so a raw FCM or APNs
 * token is refused at registration rather than failing at every send.
 */
export const pushTokenSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(
    /^Expo(nent)?PushToken\[[\x21-\x5c\x5e-\x7e]+\]$/,
    'an Expo push token, such as ExponentPushToken[…]',
  )
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
