import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { ColorSchemeScript, mantineHtmlProps } from '@mantine/core';
import { directionOf, isLocale } from '@truck4u/logic/locales';
import type { Metadata, Viewport } from 'next';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, setRequestLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
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
      </head>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages}>
          <Providers dir={dir} runtime={readRuntimeConfig()}>
            {props.children}
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
