import type { DevicePlatform } from '@truck4u/contracts';
import Constants from 'expo-constants';
import * as Notifications from 'expo-notifications';
import { Platform } from 'react-native';

/** This phone's push address, or null when it has none (refused, web export, a build without a project id). */
export type PushTokenSource = () => Promise<{ token: string; platform: DevicePlatform } | null>;

/**
 * The build's EAS project id: `extra.eas.projectId`, which app.config.ts fills from `EAS_PROJECT_ID` (or
 * `EXPO_PUBLIC_EAS_PROJECT_ID`) when the app is built, or the one EAS itself embeds in its builds.
 */
export function easProjectId(
  constants: Pick<typeof Constants, 'expoConfig' | 'easConfig'> = Constants,
): string | null {
  const extra = constants.expoConfig?.extra as { eas?: { projectId?: unknown } } | undefined;
  const id = extra?.eas?.projectId ?? constants.easConfig?.projectId;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

let warnedNoProjectId = false;

/**
 * The Expo push token the api sends to (POST /api/me/devices). Expo issues tokens only to builds that carry
 * their EAS project id; without one, and on the web export, which Expo push does not serve, nothing is
 * registered and the app relies on its socket.
 */
export function createExpoPushToken(readProjectId: () => string | null = easProjectId): PushTokenSource {
  return async () => {
    if (Platform.OS !== 'ios' && Platform.OS !== 'android') return null;
    const projectId = readProjectId();
    if (!projectId) {
      // Said once: the build was made without EAS_PROJECT_ID, so this phone will not get pushes (docs/MOBILE.md).
      if (!warnedNoProjectId) {
        warnedNoProjectId = true;
        console.warn(
          'Truck4u push: no EAS project id in this build (set EAS_PROJECT_ID); push registration skipped',
        );
      }
      return null;
    }
    try {
      let permission = await Notifications.getPermissionsAsync();
      if (!permission.granted && permission.canAskAgain) {
        permission = await Notifications.requestPermissionsAsync();
      }
      if (!permission.granted) return null;
      const { data } = await Notifications.getExpoPushTokenAsync({ projectId });
      return { token: data, platform: Platform.OS };
    } catch (error) {
      // A refusal by Expo (wrong project id, no network) leaves the app on its socket; say why in the device log.
      console.warn('Truck4u push: no push token', error);
      return null;
    }
  };
}

export const expoPushToken: PushTokenSource = createExpoPushToken();
