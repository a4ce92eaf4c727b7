import type { UserProfile } from '@truck4u/contracts';
import type { ApiError } from './api-error';
import type { SessionStore } from './stores/session-store';

export interface RefreshedSession {
  user: UserProfile;
  accessToken: string;
}

/** How one refresh ended: a session, a refusal (the error the server sent), or no answer at all. */
export type RefreshOutcome =
  | { kind: 'session'; session: RefreshedSession }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'unreachable' };

export interface SessionRefresherOptions {
  store: SessionStore;
  /** Presents the refresh credential once (e.g. the web's `POST /session/refresh` with its httpOnly cookie). */
  refresh: () => Promise<RefreshOutcome>;
  /** A refusal that ends the session the refresh was made for; `code` is null when nobody was signed in. */
  onRefused: (code: string | null) => void;
}

/**
 * Renews the access token, one request at a time: a refresh token is single use, so two parallel refreshes
 * (two api calls, the socket, a reload) would look like theft and end every session.
 *
 * An answer only counts for the session it was asked for. The page-load refresh can still be on its way when
 * the user signs in (the login form is usable before it returns): its refusal, or an older session it
 * brings back, must not replace the sign-in that finished meanwhile.
 */
export function createSessionRefresher(options: SessionRefresherOptions) {
  const { store } = options;
  let inFlight: Promise<string | null> | null = null;

  async function run(): Promise<string | null> {
    const startedWith = store.getState().accessToken;
    const isOvertaken = () => {
      const now = store.getState();
      return now.status === 'signedIn' && now.accessToken !== startedWith;
    };
    let outcome: RefreshOutcome;
    try {
      outcome = await options.refresh();
    } catch {
      outcome = { kind: 'unreachable' };
    }
    if (isOvertaken()) return store.getState().accessToken;
    if (outcome.kind === 'session') {
      store.getState().signIn(outcome.session.user, outcome.session.accessToken);
      return outcome.session.accessToken;
    }
    if (outcome.kind === 'refused') {
      options.onRefused(store.getState().status === 'signedIn' ? outcome.error.code : null);
    }
    return null;
  }

  return {
    refresh(): Promise<string | null> {
      inFlight ??= run().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}

export type SessionRefresher = ReturnType<typeof createSessionRefresher>;
