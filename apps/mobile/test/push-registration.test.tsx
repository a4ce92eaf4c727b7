import * as Notifications from 'expo-notifications';
import { withBuildSettings } from '../app.config';
import { createExpoPushToken, easProjectId } from '../src/services/push-registration';

// The phone's notification permission and Expo's token service are the device's; the test plays them.
jest.mock('expo-notifications', () => ({
  getPermissionsAsync: jest.fn(async () => ({ granted: true, canAskAgain: true })),
  requestPermissionsAsync: jest.fn(async () => ({ granted: true, canAskAgain: true })),
  getExpoPushTokenAsync: jest.fn(async () => ({ type: 'expo', data: 'ExponentPushToken[abc]' })),
}));

const appJson = { name: 'Truck4u', slug: 'truck4u', extra: { supportsRTL: true } };

describe('EAS project id', () => {
  it('is put into the app config from EAS_PROJECT_ID at build time, keeping the other extras', () => {
    expect(withBuildSettings(appJson, { EAS_PROJECT_ID: ' 6f0e-project ' }).extra).toEqual({
      supportsRTL: true,
      eas: { projectId: '6f0e-project' },
    });
    expect(withBuildSettings(appJson, { EXPO_PUBLIC_EAS_PROJECT_ID: 'public-id' }).extra?.eas).toEqual({
      projectId: 'public-id',
    });
    // Without one the config is app.json as it is: nothing invented.
    expect(withBuildSettings(appJson, {})).toEqual(appJson);
  });

  it('is read from the build’s config, or from what EAS embeds', () => {
    expect(
      easProjectId({ expoConfig: { ...appJson, extra: { eas: { projectId: 'from-extra' } } } } as never),
    ).toBe('from-extra');
    expect(easProjectId({ expoConfig: appJson, easConfig: { projectId: 'from-eas' } } as never)).toBe(
      'from-eas',
    );
    expect(
      easProjectId({ expoConfig: { ...appJson, extra: { eas: { projectId: '  ' } } } } as never),
    ).toBeNull();
    expect(easProjectId({ expoConfig: null } as never)).toBeNull();
  });
});

describe('push token', () => {
  beforeEach(() => jest.clearAllMocks());

  it('asks Expo for a token of this project and hands it over with the platform', async () => {
    const device = await createExpoPushToken(() => 'project-42')();
    expect(device).toEqual({ token: 'ExponentPushToken[abc]', platform: 'ios' });
    expect(Notifications.getExpoPushTokenAsync).toHaveBeenCalledWith({ projectId: 'project-42' });
  });

  it('skips registration with one clear warning when the build has no project id, without asking the user', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const token = createExpoPushToken(() => null);
    await expect(token()).resolves.toBeNull();
    await expect(token()).resolves.toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/no EAS project id.*EAS_PROJECT_ID.*skipped/);
    expect(Notifications.requestPermissionsAsync).not.toHaveBeenCalled();
    expect(Notifications.getExpoPushTokenAsync).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('registers nothing when the user refuses notifications', async () => {
    jest
      .mocked(Notifications.getPermissionsAsync)
      .mockResolvedValueOnce({ granted: false, canAskAgain: true } as never);
    jest
      .mocked(Notifications.requestPermissionsAsync)
      .mockResolvedValueOnce({ granted: false, canAskAgain: false } as never);
    await expect(createExpoPushToken(() => 'project-42')()).resolves.toBeNull();
    expect(Notifications.getExpoPushTokenAsync).not.toHaveBeenCalled();
  });
});
