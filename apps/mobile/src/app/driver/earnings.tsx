import { interpolate } from '@truck4u/logic';
import { Card, mutedText, Notice, PriceTag } from '@truck4u/ui';
import { useCallback } from 'react';
import { Text } from 'react-native';
import { Screen } from '../../components/screen';
import { useFocusLoad } from '../../components/use-focus-load';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../services/services-context';

const PERIODS = ['today', 'week', 'month'] as const;

/** Net earnings of today, this week and this month (Tunis time), after the platform's commission. */
export default function Earnings() {
  const { t, locale, errorText } = useI18n();
  const { api } = useServices();
  const earnings = useFocusLoad(useCallback(() => api.drivers.earnings(), [api]));
  return (
    <Screen title={t.driver.earningsTitle} onRefresh={earnings.reload} refreshing={earnings.loading}>
      <Notice text={errorText(earnings.error)} />
      {earnings.data
        ? PERIODS.map((period) => {
            const totals = earnings.data?.[period];
            if (!totals) return null;
            return (
              <Card key={period} title={t.driver[period]} testID={`earnings-${period}`}>
                <PriceTag label={t.driver.net} millimes={totals.net} locale={locale} size="lg" />
                <Text style={mutedText}>{interpolate(t.driver.ridesCount, { count: totals.rides })}</Text>
                <PriceTag label={t.driver.commission} millimes={totals.commission} locale={locale} />
              </Card>
            );
          })
        : null}
    </Screen>
  );
}
