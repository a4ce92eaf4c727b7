'use client';
import 'leaflet/dist/leaflet.css';
import type { LatLngBoundsExpression, LatLngExpression, PathOptions } from 'leaflet';
import { useEffect } from 'react';
import {
  CircleMarker,
  MapContainer,
  Polyline,
  TileLayer,
  Tooltip,
  useMap,
  useMapEvents,
} from 'react-leaflet';
import type { RideMapProps } from './ride-map';

const TUNIS: LatLngExpression = [36.8065, 10.1815];

function FitTo(props: { points: Array<[number, number]> }) {
  const map = useMap();
  const key = JSON.stringify(props.points);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the points change
  useEffect(() => {
    if (props.points.length === 1 && props.points[0])
      map.setView(props.points[0], Math.max(map.getZoom(), 12));
    if (props.points.length > 1)
      map.fitBounds(props.points as LatLngBoundsExpression, { padding: [40, 40], maxZoom: 14 });
  }, [key, map]);
  return null;
}

function ClickHandler(props: { onPick?: (point: { lat: number; lng: number }) => void }) {
  useMapEvents({
    click(event) {
      props.onPick?.({ lat: event.latlng.lat, lng: event.latlng.lng });
    },
  });
  return null;
}

/** A round marker with its label always shown (above, or below for the truck so it never hides a stop). */
function LabelledMarker(props: {
  at: { lat: number; lng: number };
  label: string;
  radius: number;
  style: PathOptions;
  below?: boolean;
}) {
  return (
    <CircleMarker
      center={[props.at.lat, props.at.lng]}
      radius={props.radius}
      pathOptions={{ fillOpacity: 0.9, ...props.style }}
    >
      {props.label && (
        <Tooltip permanent direction={props.below ? 'bottom' : 'top'}>
          {props.label}
        </Tooltip>
      )}
    </CircleMarker>
  );
}

export default function RideMapImpl(props: RideMapProps) {
  const points: Array<[number, number]> = [];
  const stops = props.stops ?? [];
  if (props.pickup) points.push([props.pickup.lat, props.pickup.lng]);
  for (const stop of stops) points.push([stop.lat, stop.lng]);
  if (props.dropoff) points.push([props.dropoff.lat, props.dropoff.lng]);
  if (props.truck) points.push([props.truck.lat, props.truck.lng]);
  return (
    <MapContainer
      center={TUNIS}
      zoom={11}
      style={{
        height: props.height ?? 'clamp(200px, 38vh, 320px)',
        width: '100%',
        borderRadius: 8,
        background: '#e9ecef',
      }}
      attributionControl={Boolean(props.tileUrl)}
    >
      {props.tileUrl && <TileLayer url={props.tileUrl} attribution={props.attribution} />}
      <ClickHandler onPick={props.onPick} />
      <FitTo points={points} />
      {props.pickup && props.dropoff && (
        <Polyline
          positions={[
            [props.pickup.lat, props.pickup.lng],
            ...stops.map((stop): [number, number] => [stop.lat, stop.lng]),
            [props.dropoff.lat, props.dropoff.lng],
          ]}
          pathOptions={{ color: '#3b5bdb', dashArray: '6 8', weight: 3 }}
        />
      )}
      {props.pickup && (
        <LabelledMarker
          at={props.pickup}
          label={props.labels.pickup}
          radius={10}
          style={{ color: '#2b8a3e' }}
        />
      )}
      {stops.map((stop, index) => (
        <LabelledMarker
          // biome-ignore lint/suspicious/noArrayIndexKey: a stop is its place in the route
          key={index}
          at={stop}
          label={props.labels.stop?.(index + 1) ?? String(index + 1)}
          radius={8}
          style={{ color: '#e8590c' }}
        />
      ))}
      {props.dropoff && (
        <LabelledMarker
          at={props.dropoff}
          label={props.labels.dropoff}
          radius={10}
          style={{ color: '#c92a2a' }}
        />
      )}
      {props.truck && (
        <LabelledMarker
          at={props.truck}
          label={props.labels.truck}
          radius={12}
          style={{ color: '#1c1c1c', fillColor: '#fab005', fillOpacity: 1 }}
          below
        />
      )}
    </MapContainer>
  );
}
