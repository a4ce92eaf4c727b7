import { GOVERNORATES } from '@truck4u/contracts';
import { type NextRequest, NextResponse } from 'next/server';
import { TOWNS } from '@/lib/towns';

export const dynamic = 'force-dynamic';

/** One address suggestion. */
export interface PlaceSuggestion {
  label: string;
  lat: number;
  lng: number;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Offline geocoder: the Tunisian towns and governorate centres the platform knows. */
function searchOffline(query: string): PlaceSuggestion[] {
  const q = fold(query.trim());
  const places = [
    ...TOWNS,
    ...GOVERNORATES.map((g) => ({ label: `${g.name} (centre)`, lat: g.lat, lng: g.lng })),
  ];
  return places
    .filter((p) => fold(p.label).includes(q))
    .sort((a, b) => Number(fold(b.label).startsWith(q)) - Number(fold(a.label).startsWith(q)))
    .slice(0, 8);
}

/** Nominatim-compatible search when GEOCODER_URL is set (e.g. a self-hosted Nominatim). */
async function searchRemote(base: string, query: string, language: string): Promise<PlaceSuggestion[]> {
  const url = new URL('/search', base);
  url.searchParams.set('q', query);
  url.searchParams.set('format', 'jsonv2');
  url.searchParams.set('countrycodes', 'tn');
  url.searchParams.set('limit', '8');
  url.searchParams.set('accept-language', language);
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000), cache: 'no-store' });
  if (!response.ok) throw new Error(`geocoder answered ${response.status}`);
  const rows = (await response.json()) as Array<{ display_name: string; lat: string; lon: string }>;
  return rows.map((r) => ({ label: r.display_name, lat: Number(r.lat), lng: Number(r.lon) }));
}

export async function GET(request: NextRequest) {
  const query = request.nextUrl.searchParams.get('q') ?? '';
  const language = request.nextUrl.searchParams.get('lang') ?? 'fr';
  if (query.trim().length < 2) return NextResponse.json({ items: [] });
  const remote = process.env.GEOCODER_URL;
  let items: PlaceSuggestion[];
  try {
    items = remote ? await searchRemote(remote, query, language) : searchOffline(query);
  } catch {
    items = searchOffline(query);
  }
  return NextResponse.json({ items }, { headers: { 'cache-control': 'public, max-age=300' } });
}
