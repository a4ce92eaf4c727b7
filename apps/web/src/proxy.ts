import createMiddleware from 'next-intl/middleware';
import { routing } from './i18n/routing';

export default createMiddleware(routing);

export const config = {
  // Pages only: the api (/api, /socket.io, proxied by server.mjs), the session and place route handlers,
  // Next's own files and anything with a file extension are left alone.
  matcher: ['/((?!api|socket\\.io|session|geo|health|_next|.*\\..*).*)'],
};
