import type { DevicePlatform } from '@truck4u/contracts';
import Constants from 'expo-constants';
import * as Notifications from 'expo-notifications';
import { Platform } from 'react-native';

/** This phone's push address, or null when it has none (refused, web export, a build without a project id). */
export type PushTokenSource = () => Promise<{ token: string; platform: DevicePlatform } | null>;

/**
 * The Expo push token the api sends to (POST /api/me/devices). Expo issues tokens to builds that carry their
 * EAS project id (`extra.eas.projectId` in app.json, set when the project is linked to EAS); until then, and on
 * the web export, which Expo push does not serve, nothing is registered and the app relies on its socket.
 */
export const expoPushToken: PushTokenSource = async () => {
  if (Platform.OS !== 'ios' && Platform.OS !== 'android') return null;
  const extra = Constants.expoConfig?.extra as { eas?: { projectId?: string } } | undefined;
  const projectId = extra?.eas?.projectId ?? Constants.easConfig?.projectId;
  if (!projectId) return null;
  try {
    let permission = await Notifications.getPermissionsAsync();
    if (!permission.granted && permission.canAskAgain) {
      permission = await Notifications.requestPermissionsAsync();
    }
    if (!permission.granted) return null;
    const { data } = await Notifications.getExpoPushTokenAsync({ projectId });
    return { token: data, platform: Platform.OS };
  } catch {
    return null;
  }
};
