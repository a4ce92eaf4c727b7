import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP relay that can cut its link: every connection through it is reset and new ones are refused
 * (accepted, then destroyed at once) until it is restored. With several upstreams it is a round-robin balancer
 * that skips an upstream refusing connections, as nginx does on a failed connect; a paused (SIGSTOP) upstream
 * still accepts in the kernel and hangs, which is the point of pausing one.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private isCut = false;
  private next = 0;
  port = 0;

  constructor(
    readonly name: string,
    private readonly upstreams: () => readonly number[],
  ) {
    this.server = createServer((client) => this.relay(client));
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error(`${this.name}: no port`);
    this.port = address.port;
    return this.port;
  }

  get cut(): boolean {
    return this.isCut;
  }

  /** Resets every connection through the link and refuses new ones until `restore()`. */
  sever(): void {
    this.isCut = true;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.sever();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, attempt = 0): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const ports = this.upstreams();
    if (ports.length === 0) {
      client.destroy();
      return;
    }
    const port = ports[this.next++ % ports.length] as number;
    const upstream = connect({ host: '127.0.0.1', port });
    let isConnected = false;
    client.pause();
    upstream.once('connect', () => {
      isConnected = true;
      if (this.isCut) {
        upstream.destroy();
        client.destroy();
        return;
      }
      this.open.add(client);
      this.open.add(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    const end = () => {
      this.open.delete(client);
      this.open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', () => {
      // A refused connect goes to the next upstream, so a killed api instance costs no request.
      if (!isConnected && attempt + 1 < ports.length && !client.destroyed) {
        upstream.destroy();
        this.relay(client, attempt + 1);
        return;
      }
      end();
    });
    upstream.on('close', () => {
      if (isConnected) end();
    });
    client.on('error', end);
    client.on('close', () => {
      if (isConnected) end();
    });
  }
}
