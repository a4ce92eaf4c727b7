import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

// Everything that depends on where the api is (API_URL) is read at start time by server.mjs and the route
// handlers, never here: one build serves any api.
const config: NextConfig = {
  // A second build beside the usual one (e.g. a measurement that must not be replaced by another build in the
  // same tree): NEXT_DIST_DIR=.next-bench at build and at start.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@truck4u/contracts', '@truck4u/logic'],
  experimental: {
    optimizePackageImports: ['@mantine/core', '@mantine/hooks'],
  },
};

export default withNextIntl(config);
