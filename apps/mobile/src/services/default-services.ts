import { Linking } from 'react-native';
import { API_URL, GEOCODER_URL } from '../config';
import { watchDevicePosition } from '../location/watch-device-position';
import { createPlaceSearch } from '../places/place-search';
import { createAppServices } from './app-services';
import { deviceStorage } from './device-storage';

/** The services of the real app: the configured api, the device's keychain, GPS and maps. */
export function createDefaultServices() {
  return createAppServices({
    apiUrl: API_URL,
    storage: deviceStorage,
    watchPosition: watchDevicePosition,
    searchPlaces: createPlaceSearch({ geocoderUrl: GEOCODER_URL }),
    openUrl: (url) => Linking.openURL(url),
  });
}
