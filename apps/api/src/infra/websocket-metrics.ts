import { Gauge, type Registry } from 'prom-client';

/**
 * `websocket_connections`: authenticated Socket.io connections to this api process, read at scrape time
 * from the server itself, so a missed disconnect event cannot leave the figure drifting. Sum over instances
 * for the fleet.
 */
export function registerWebsocketGauge(registry: Registry, countConnections: () => number): void {
  new Gauge({
    name: 'websocket_connections',
    help: 'Socket.io connections open on this api process',
    registers: [registry],
    collect() {
      this.set(countConnections());
    },
  });
}
