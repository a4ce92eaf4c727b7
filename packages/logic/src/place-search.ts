import { GOVERNORATES } from '@truck4u/contracts';

export interface PlaceSuggestion {
  label: string;
  lat: number;
  lng: number;
}

/** Well-known loading spots beside the governorate centres, so the offline list covers the usual trips. */
const EXTRA_PLACES: readonly PlaceSuggestion[] = [
  { label: 'Avenue Habib Bourguiba, Tunis', lat: 36.8008, lng: 10.18 },
  { label: 'Lac 2, Tunis', lat: 36.8447, lng: 10.2728 },
  { label: 'La Marsa', lat: 36.8782, lng: 10.3247 },
  { label: 'La Goulette', lat: 36.8181, lng: 10.305 },
  { label: 'Radès, port', lat: 36.7681, lng: 10.2753 },
  { label: 'Charguia, zone industrielle', lat: 36.8385, lng: 10.2085 },
  { label: 'Hammamet', lat: 36.4, lng: 10.6167 },
  { label: 'Sfax, port', lat: 34.7297, lng: 10.7694 },
  { label: 'Djerba, Houmt Souk', lat: 33.8756, lng: 10.8575 },
];

const OFFLINE_PLACES: readonly PlaceSuggestion[] = [
  ...GOVERNORATES.map((g) => ({ label: g.name, lat: g.lat, lng: g.lng })),
  ...EXTRA_PLACES,
];

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

/** The offline geocoder: Tunisian towns whose name contains what was typed, accents ignored. */
export function searchOfflinePlaces(query: string, limit = 6): PlaceSuggestion[] {
  const q = fold(query);
  if (q.length < 2) return [];
  const starts = OFFLINE_PLACES.filter((p) => fold(p.label).startsWith(q));
  const contains = OFFLINE_PLACES.filter((p) => !starts.includes(p) && fold(p.label).includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/**
 * Address suggestions: a Nominatim-compatible geocoder when one is configured, the offline town list otherwise
 * or when the geocoder cannot be reached (a place can always be chosen).
 */
export function createPlaceSearch(options: { geocoderUrl: string; fetch?: typeof fetch }) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (query: string): Promise<PlaceSuggestion[]> => {
    if (!options.geocoderUrl || query.trim().length < 3) return searchOfflinePlaces(query);
    try {
      const params = new URLSearchParams({ q: query, format: 'jsonv2', countrycodes: 'tn', limit: '6' });
      const response = await doFetch(`${options.geocoderUrl}/search?${params}`, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return searchOfflinePlaces(query);
      const rows = (await response.json()) as Array<{ display_name?: string; lat?: string; lon?: string }>;
      const found = rows
        .map((r) => ({ label: r.display_name ?? '', lat: Number(r.lat), lng: Number(r.lon) }))
        .filter((p) => p.label.length >= 3 && Number.isFinite(p.lat) && Number.isFinite(p.lng));
      return found.length > 0 ? found : searchOfflinePlaces(query);
    } catch {
      return searchOfflinePlaces(query);
    }
  };
}
