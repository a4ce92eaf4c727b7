import type { RideDriver } from '@truck4u/contracts';
import { Button, Card, mutedText } from '@truck4u/ui';
import { Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

/**
 * The assigned driver as the customer sees them: first name, vehicle, plate, rating, and a call button while the
 * ride runs (the api masks the phone once it ended, so no call is offered then).
 */
export function DriverCard(props: { driver: RideDriver }) {
  const { t } = useI18n();
  const { openUrl } = useServices();
  const { driver } = props;
  const callable = !driver.phone.includes('•');
  return (
    <Card title={t.chat.driver}>
      <Text style={{ fontSize: 18, fontWeight: '700' }} testID="driver-name">
        {driver.firstName}
      </Text>
      <Text testID="driver-vehicle">
        {t.vehicle[driver.vehicle.type]} · {driver.vehicle.plate}
      </Text>
      <Text style={mutedText} testID="driver-rating">
        {driver.rating === null ? t.ride.newDriver : `★ ${driver.rating.toFixed(1)}`}
      </Text>
      {callable ? (
        <Button
          label={driver.phone}
          variant="secondary"
          testID="driver-phone"
          onPress={() => void openUrl(`tel:${driver.phone.replace(/\s/g, '')}`)}
        />
      ) : (
        <Text style={mutedText}>{driver.phone}</Text>
      )}
    </Card>
  );
}
