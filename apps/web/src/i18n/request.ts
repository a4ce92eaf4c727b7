import { catalogues, isLocale, TIME_ZONE } from '@truck4u/logic/locales';
import { getRequestConfig } from 'next-intl/server';
import { routing } from './routing';

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = isLocale(requested) ? requested : routing.defaultLocale;
  return { locale, messages: catalogues[locale], timeZone: TIME_ZONE };
});
