/**
 * The page-load session refresh, started by an inline script in the document's head (before any of the app's
 * JavaScript has downloaded), so its round trip overlaps the download and hydration instead of following them.
 * The app client takes the answer once, for the first refresh it makes.
 */
export const EARLY_REFRESH_KEY = '__t4uEarlyRefresh';

export interface EarlyRefreshAnswer {
  ok: boolean;
  status: number;
  body: unknown;
}

/** The inline script: same request as the app client's own refresh (same origin, JSON body, cookie sent). */
export const earlyRefreshScript = `window.${EARLY_REFRESH_KEY}=fetch('/session/refresh',{method:'POST',headers:{'content-type':'application/json'},body:'{}',credentials:'same-origin'}).then(function(r){return r.json().then(function(b){return{ok:r.ok,status:r.status,body:b}},function(){return{ok:r.ok,status:r.status,body:null}})},function(){return null});`;

/** The early refresh's answer (null: no answer, the network failed), or undefined once taken or never started. */
export function takeEarlyRefresh(): Promise<EarlyRefreshAnswer | null> | undefined {
  if (typeof window === 'undefined') return undefined;
  const slot = window as unknown as Record<string, Promise<EarlyRefreshAnswer | null> | undefined>;
  const answer = slot[EARLY_REFRESH_KEY];
  slot[EARLY_REFRESH_KEY] = undefined;
  return answer;
}
