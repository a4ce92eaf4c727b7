import type { ConfigContext, ExpoConfig } from 'expo/config';

/**
 * app.json plus what differs per build. The EAS project id comes from the environment of the build
 * (`EAS_PROJECT_ID`, or `EXPO_PUBLIC_EAS_PROJECT_ID` for a shell that already sets the public keys), so the
 * repository carries none: Expo issues push tokens only to a build that has one (src/services/push-registration.ts).
 */
export function withBuildSettings(config: ExpoConfig, env: Record<string, string | undefined>): ExpoConfig {
  const projectId = (env.EAS_PROJECT_ID ?? env.EXPO_PUBLIC_EAS_PROJECT_ID ?? '').trim();
  if (!projectId) return config;
  const extra = config.extra ?? {};
  return { ...config, extra: { ...extra, eas: { ...(extra.eas ?? {}), projectId } } };
}

export default ({ config }: ConfigContext): ExpoConfig =>
  withBuildSettings(config as ExpoConfig, process.env);
