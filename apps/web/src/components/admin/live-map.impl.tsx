'use client';
import 'leaflet/dist/leaflet.css';
import type { LatLngBoundsExpression, LatLngExpression } from 'leaflet';
import { useEffect, useRef } from 'react';
import { CircleMarker, MapContainer, Polyline, TileLayer, Tooltip, useMap } from 'react-leaflet';
import type { LiveMapProps } from './live-map';

const TUNISIA_CENTRE: LatLngExpression = [35.8, 10.0];
const STATE_COLOURS = { ONLINE: '#2b8a3e', ON_RIDE: '#e8590c', OFFLINE: '#868e96' } as const;

/** Frames the fleet once, when the first positions arrive; after that the view is the operator's. */
function FrameOnce(props: { points: Array<[number, number]> }) {
  const map = useMap();
  const framed = useRef(false);
  useEffect(() => {
    if (framed.current || props.points.length === 0) return;
    framed.current = true;
    if (props.points.length === 1 && props.points[0]) map.setView(props.points[0], 12);
    else map.fitBounds(props.points as LatLngBoundsExpression, { padding: [40, 40], maxZoom: 13 });
  }, [props.points, map]);
  return null;
}

export default function LiveMapImpl(props: LiveMapProps) {
  return (
    <MapContainer
      center={TUNISIA_CENTRE}
      zoom={7}
      style={{ height: 'clamp(320px, 60vh, 640px)', width: '100%', borderRadius: 8, background: '#e9ecef' }}
      attributionControl={Boolean(props.tileUrl)}
    >
      {props.tileUrl && <TileLayer url={props.tileUrl} attribution={props.attribution} />}
      <FrameOnce
        points={[
          ...props.drivers.map((d): [number, number] => [d.lat, d.lng]),
          ...props.rides.flatMap(
            (r): Array<[number, number]> => [
              [r.pickup.lat, r.pickup.lng],
              [r.dropoff.lat, r.dropoff.lng],
            ],
          ),
        ]}
      />
      {props.rides.map((ride) => {
        const selected = ride.id === props.selectedRideId;
        return (
          <CircleMarker
            key={`ride-${ride.id}`}
            center={[ride.pickup.lat, ride.pickup.lng]}
            radius={selected ? 11 : 8}
            pathOptions={{ color: '#1c7ed6', fillOpacity: selected ? 0.9 : 0.5, weight: selected ? 3 : 2 }}
            eventHandlers={{ click: () => props.onOpenRide(ride.id) }}
          >
            <Tooltip direction="top">{ride.pickup.address}</Tooltip>
          </CircleMarker>
        );
      })}
      {props.rides
        .filter((ride) => ride.id === props.selectedRideId)
        .map((ride) => (
          <Polyline
            key={`route-${ride.id}`}
            positions={[
              [ride.pickup.lat, ride.pickup.lng],
              [ride.dropoff.lat, ride.dropoff.lng],
            ]}
            pathOptions={{ color: '#1c7ed6', dashArray: '6 8', weight: 3 }}
          />
        ))}
      {props.drivers.map((driver) => (
        <CircleMarker
          key={`driver-${driver.driverId}`}
          center={[driver.lat, driver.lng]}
          radius={9}
          pathOptions={{
            color: '#1c1c1c',
            weight: 2,
            fillColor: STATE_COLOURS[driver.state],
            fillOpacity: 1,
          }}
        >
          <Tooltip direction="bottom">
            {[driver.name, driver.plate, props.labels[driver.state]].filter(Boolean).join(' · ')}
          </Tooltip>
        </CircleMarker>
      ))}
    </MapContainer>
  );
}
