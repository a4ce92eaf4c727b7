import type { KeyValueStorage } from './key-value-storage';

// The web export (previews and browser tests) has no keychain: localStorage is the fallback. The web app
// people use is apps/web, which keeps its refresh token in an httpOnly cookie instead.
function local(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const deviceStorage: KeyValueStorage = {
  get: async (key) => local()?.getItem(key) ?? null,
  set: async (key, value) => local()?.setItem(key, value),
  remove: async (key) => local()?.removeItem(key),
};
