'use client';
import { createTheme, DirectionProvider, MantineProvider } from '@mantine/core';
import { createContext, type ReactNode, useContext } from 'react';
import { refreshSession, sessionStore } from '@/lib/app-client';
import type { RuntimeConfig } from '@/lib/runtime-config';

// System fonts only: nothing is fetched at build or run time. Shades chosen for WCAG AA contrast.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 6 },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Tahoma, sans-serif',
  defaultRadius: 'md',
});

const RuntimeContext = createContext<RuntimeConfig | null>(null);

export function useRuntimeConfig(): RuntimeConfig {
  const value = useContext(RuntimeContext);
  if (!value) throw new Error('useRuntimeConfig outside Providers');
  return value;
}

// After a reload the access token is gone: get one from the refresh cookie (or learn there is no session), as
// soon as this module runs in the browser rather than after hydration, so the signed-in page can render right
// after it. The store keeps its initial state for hydration (zustand's server snapshot), so nothing mismatches.
if (typeof window !== 'undefined' && sessionStore.getState().status === 'unknown') void refreshSession();

export function Providers(props: { dir: 'rtl' | 'ltr'; runtime: RuntimeConfig; children: ReactNode }) {
  return (
    <DirectionProvider initialDirection={props.dir} detectDirection={false}>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={() => ({
          variables: {},
          light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
          dark: {},
        })}
      >
        <RuntimeContext.Provider value={props.runtime}>{props.children}</RuntimeContext.Provider>
      </MantineProvider>
    </DirectionProvider>
  );
}
