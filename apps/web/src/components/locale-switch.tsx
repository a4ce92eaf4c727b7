'use client';
import { NativeSelect } from '@mantine/core';
import { LOCALES, type Locale } from '@truck4u/logic/locales';
import { useParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { usePathname, useRouter } from '@/i18n/navigation';

const NAMES: Record<Locale, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

export function LocaleSwitch() {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const params = useParams();
  const [pending, startTransition] = useTransition();
  return (
    <NativeSelect
      aria-label={t('language')}
      data-testid="locale-switch"
      size="xs"
      value={locale}
      disabled={pending}
      data={LOCALES.map((l) => ({ value: l, label: NAMES[l] }))}
      onChange={(event) => {
        const next = event.currentTarget.value as Locale;
        startTransition(() => {
          // Same page, other language; the dynamic segments (ride id) come along.
          router.replace(
            // @ts-expect-error -- next-intl types pathnames for typed routing, which this app does not use
            { pathname, params },
            { locale: next },
          );
        });
      }}
      w={{ base: 96, sm: 120 }}
    />
  );
}
