import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

// webpack's configuration as next hands it over (only `resolve` is touched); webpack's types are not a dependency.
type WebpackConfig = { resolve?: { alias?: Record<string, unknown>; extensions?: string[] } };

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

// Everything that depends on where the api is (API_URL) is read at start time by server.mjs and the route
// handlers, never here: one build serves any api.
const config: NextConfig = {
  // A second build beside the usual one (e.g. a measurement that must not be replaced by another build in the
  // same tree): NEXT_DIST_DIR=.next-bench at build and at start.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // packages/ui is React Native: in the browser it renders through react-native-web (docs/WEB.md, Shared
  // components). `.web.*` files first, as React Native's bundler for the web picks them.
  transpilePackages: ['@truck4u/contracts', '@truck4u/logic', '@truck4u/ui', 'react-native-web'],
  turbopack: {
    resolveAlias: { 'react-native': 'react-native-web' },
    resolveExtensions: ['.web.tsx', '.web.ts', '.web.js', '.tsx', '.ts', '.jsx', '.js', '.mjs', '.json'],
  },
  webpack: (webpackConfig: WebpackConfig) => {
    webpackConfig.resolve = webpackConfig.resolve ?? {};
    webpackConfig.resolve.alias = { ...webpackConfig.resolve.alias, 'react-native$': 'react-native-web' };
    webpackConfig.resolve.extensions = [
      '.web.tsx',
      '.web.ts',
      '.web.js',
      ...(webpackConfig.resolve.extensions ?? []),
    ];
    return webpackConfig;
  },
  experimental: {
    optimizePackageImports: ['@mantine/core', '@mantine/hooks'],
  },
};

export default withNextIntl(config);
