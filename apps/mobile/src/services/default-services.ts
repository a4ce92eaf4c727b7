import { createPlaceSearch } from '@truck4u/logic';
import { Linking, Platform } from 'react-native';
import { API_URL, GEOCODER_URL } from '../config';
import { backgroundPermission, requestBackgroundPermission } from '../location/background-location';
import { resumeBackgroundLocation, watchShiftPosition } from '../location/shift-position-source';
import { createAppServices } from './app-services';
import { deviceStorage } from './device-storage';
import { expoPushToken } from './push-registration';

/** The services of the real app: the configured api, the device's keychain, GPS (with the background task), push and maps. */
export function createDefaultServices() {
  return createAppServices({
    apiUrl: API_URL,
    storage: deviceStorage,
    watchPosition: watchShiftPosition,
    // The web export has no background task: nothing to ask for there.
    ...(Platform.OS === 'web'
      ? {}
      : {
          backgroundLocation: {
            permission: backgroundPermission,
            allow: async () => (await requestBackgroundPermission()) && (await resumeBackgroundLocation()),
          },
        }),
    pushToken: expoPushToken,
    searchPlaces: createPlaceSearch({ geocoderUrl: GEOCODER_URL }),
    openUrl: (url) => Linking.openURL(url),
  });
}
