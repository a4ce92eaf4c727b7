import '@mantine/core/styles.css';
import { ColorSchemeScript, mantineHtmlProps } from '@mantine/core';
import { directionOf, isLocale } from '@truck4u/logic/locales';
import type { Metadata, Viewport } from 'next';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, setRequestLocale } from 'next-intl/server';
import { type ReactNode, Suspense } from 'react';
import { Providers } from '@/components/providers';
import { RnStyleRegistry } from '@/components/rn-style-registry';
import { earlyRefreshScript } from '@/lib/early-refresh';
import { readRuntimeConfig } from '@/lib/runtime-config';

// Rendered per request: the runtime settings (tiles, cancellation rule) come from the environment at start time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Truck4u',
  description: 'Transport de marchandises en Tunisie : publiez, comparez les offres, suivez votre camion.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#3b5bdb' };

export default async function LocaleLayout(props: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await props.params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  const messages = await getMessages();
  const dir = directionOf(locale);
  return (
    <html lang={locale} dir={dir} {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" />
        {/* The session refresh starts while the app's JavaScript downloads (see lib/early-refresh.ts). */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours, no user input */}
        <script dangerouslySetInnerHTML={{ __html: earlyRefreshScript }} />
      </head>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages}>
          <Providers dir={dir} runtime={readRuntimeConfig()}>
            <RnStyleRegistry>
              {/* A boundary React hydrates at low priority, in short tasks: without it the whole page hydrates in
                one long task (hydration is not time-sliced outside Suspense boundaries), which on a phone is
                most of the start's blocking time. A click before then hydrates what it hit first. */}
              <Suspense>{props.children}</Suspense>
            </RnStyleRegistry>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
