import { fireEvent, render, screen } from '@testing-library/react-native';
import type { BidWithDriver, RideStatus } from '@truck4u/contracts';
import { catalogues, formatTnd } from '@truck4u/logic';
import { Text } from 'react-native';
import { BidCard } from './bid-card';
import { Button } from './button';
import { Input } from './input';
import { Notice } from './notice';
import { PriceTag } from './price-tag';
import { RideTimeline } from './ride-timeline';
import { StatusBadge } from './status-badge';
import { Toggle } from './toggle';

const fr = catalogues.fr;
const statusLabels = fr.status as Record<RideStatus, string>;

const bid: BidWithDriver = {
  id: '00000000-0000-4000-8000-000000000001',
  rideId: '00000000-0000-4000-8000-000000000002',
  driverId: '00000000-0000-4000-8000-000000000003',
  price: 90_000,
  etaMinutes: 12,
  message: null,
  status: 'PENDING',
  expiresAt: '2026-01-01T10:10:00.000Z',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  driver: {
    id: '00000000-0000-4000-8000-000000000003',
    name: 'Sami Ben Ali',
    rating: 4.75,
    ratingCount: 8,
    vehicleType: 'SMALL_VAN',
    vehicleCapacityKg: 1500,
  },
};

describe('Button', () => {
  it('runs its action when pressed', () => {
    const onPress = jest.fn();
    render(<Button label="Publier" testID="post-ride" onPress={onPress} />);
    fireEvent.press(screen.getByTestId('post-ride'));
    expect(onPress).toHaveBeenCalledTimes(1);
  });

  it('ignores presses while its action is under way, so nothing is sent twice', () => {
    const onPress = jest.fn();
    render(<Button label="Publier" testID="post-ride" loading onPress={onPress} />);
    fireEvent.press(screen.getByTestId('post-ride'));
    expect(onPress).not.toHaveBeenCalled();
    expect(screen.getByRole('button')).toBeDisabled();
  });
});

describe('Input', () => {
  it('is named by its label and shows the error instead of the hint', () => {
    const onChangeText = jest.fn();
    render(
      <Input
        label="Téléphone"
        hint="8 chiffres"
        error="Numéro invalide"
        testID="login-phone"
        onChangeText={onChangeText}
      />,
    );
    fireEvent.changeText(screen.getByLabelText('Téléphone'), '22123456');
    expect(onChangeText).toHaveBeenCalledWith('22123456');
    expect(screen.getByText('Numéro invalide')).toBeTruthy();
    expect(screen.queryByText('8 chiffres')).toBeNull();
  });
});

describe('PriceTag and StatusBadge', () => {
  it('shows millimes as TND in the user’s language', () => {
    render(<PriceTag millimes={90_500} locale="ar" testID="estimate" />);
    expect(screen.getByText(formatTnd(90_500, 'ar'))).toBeTruthy();
    expect(screen.getByTestId('estimate').props.dataSet).toEqual({ amount: 90_500 });
  });

  it('names the status and carries its code', () => {
    render(<StatusBadge status="IN_TRANSIT" label={fr.status.IN_TRANSIT} />);
    expect(screen.getByText('En route')).toBeTruthy();
    expect(screen.getByTestId('ride-status').props.dataSet).toEqual({ status: 'IN_TRANSIT' });
  });
});

describe('BidCard', () => {
  const labels = {
    accept: fr.ride.accept,
    eta: fr.ride.eta,
    newDriver: fr.ride.newDriver,
    vehicle: 'Petite camionnette',
  };

  it('shows the driver’s price, arrival and rating and accepts that bid', () => {
    const onAccept = jest.fn();
    render(<BidCard bid={bid} locale="fr" labels={labels} onAccept={onAccept} />);
    expect(screen.getByText('Sami Ben Ali')).toBeTruthy();
    expect(screen.getByText(formatTnd(90_000, 'fr'))).toBeTruthy();
    expect(screen.getByText('Arrivée dans 12 min')).toBeTruthy();
    expect(screen.getByText(/★ 4\.8/)).toBeTruthy();
    fireEvent.press(screen.getByTestId('accept-bid'));
    expect(onAccept).toHaveBeenCalledWith(bid.id);
  });

  it('quotes the driver’s message and shows what the app adds before the accept button', () => {
    render(
      <BidCard bid={{ ...bid, message: 'Camion bâché' }} locale="fr" labels={labels} onAccept={jest.fn()}>
        <Text testID="negotiation">Contre-offre</Text>
      </BidCard>,
    );
    expect(screen.getByText('“Camion bâché”')).toBeTruthy();
    expect(screen.getByTestId('negotiation')).toBeTruthy();
  });

  it('says a driver without ratings is new and offers no accept once the bid is settled', () => {
    render(
      <BidCard
        bid={{ ...bid, status: 'REJECTED', driver: { ...bid.driver, rating: null, ratingCount: 0 } }}
        locale="fr"
        labels={labels}
        onAccept={jest.fn()}
      />,
    );
    expect(screen.getByText(/Nouveau/)).toBeTruthy();
    expect(screen.queryByTestId('accept-bid')).toBeNull();
  });
});

describe('RideTimeline', () => {
  it('marks the steps reached with their Tunis time and the current one', () => {
    render(
      <RideTimeline
        status="DRIVER_ARRIVING"
        locale="fr"
        labels={statusLabels}
        entries={[
          { status: 'PENDING_BIDS', at: '2026-01-01T09:00:00.000Z' },
          { status: 'BID_ACCEPTED', at: '2026-01-01T09:05:00.000Z' },
        ]}
      />,
    );
    expect(screen.getByTestId('timeline-PENDING_BIDS').props.dataSet).toEqual({ state: 'done' });
    expect(screen.getByTestId('timeline-DRIVER_ARRIVING').props.dataSet).toEqual({ state: 'now' });
    expect(screen.getByTestId('timeline-COMPLETED').props.dataSet).toEqual({ state: 'next' });
    // 09:05 UTC is 10:05 in Tunis.
    expect(screen.getByText('10:05')).toBeTruthy();
  });

  it('is hidden for a cancelled ride', () => {
    render(<RideTimeline status="CANCELLED" locale="fr" labels={statusLabels} entries={[]} />);
    expect(screen.queryByTestId('timeline-PENDING_BIDS')).toBeNull();
  });
});

describe('Notice', () => {
  it('announces an error as an alert and a confirmation as a status, and shows nothing without text', () => {
    const { rerender } = render(<Notice text="Numéro invalide" />);
    expect(screen.getByRole('alert')).toHaveTextContent('Numéro invalide');
    rerender(<Notice text="Paiement reçu" tone="success" />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Paiement reçu')).toBeTruthy();
    rerender(<Notice text={null} />);
    expect(screen.queryByText('Paiement reçu')).toBeNull();
  });
});

describe('Toggle', () => {
  it('is named by its label and reports the new value', () => {
    const onValueChange = jest.fn();
    render(
      <Toggle label="Passer en ligne" value={false} onValueChange={onValueChange} testID="online-toggle" />,
    );
    fireEvent(screen.getByLabelText('Passer en ligne'), 'valueChange', true);
    expect(onValueChange).toHaveBeenCalledWith(true);
  });
});
