// The app's build-time settings. Expo inlines `process.env.EXPO_PUBLIC_*` when it bundles or exports, so
// one export talks to one api; this is the only module that reads them.

/** Where the api is, e.g. https://api.truck4u.tn (no trailing slash). */
export const API_URL: string = (process.env.EXPO_PUBLIC_API_URL ?? 'http://127.0.0.1:3000').replace(
  /\/+$/,
  '',
);

/** A Nominatim-compatible geocoder; empty means the built-in list of Tunisian towns (works offline). */
export const GEOCODER_URL: string = (process.env.EXPO_PUBLIC_GEOCODER_URL ?? '').replace(/\/+$/, '');
