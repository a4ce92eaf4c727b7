import * as SecureStore from 'expo-secure-store';
import type { KeyValueStorage } from './key-value-storage';

/** On phones the refresh token and settings live in the OS keychain / keystore. */
export const deviceStorage: KeyValueStorage = {
  get: (key) => SecureStore.getItemAsync(key),
  set: (key, value) => SecureStore.setItemAsync(key, value),
  remove: (key) => SecureStore.deleteItemAsync(key),
};
