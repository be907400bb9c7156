// Several API processes behind one port, as a load balancer would put them: each new TCP connection goes
// to the next backend in turn (loopback only). Connection-level balancing is what an L4 balancer does;
// autocannon's fixed set of keep-alive connections spreads evenly over the backends.
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

export class RoundRobinProxy {
  private next = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(private readonly backends: number[]) {
    this.server = createServer((client) => {
      const port = this.backends[this.next++ % this.backends.length]!;
      const upstream = connect({ port, host: '127.0.0.1' });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  static async start(backends: number[]): Promise<RoundRobinProxy> {
    const proxy = new RoundRobinProxy(backends);
    proxy.server.listen(0, '127.0.0.1');
    await once(proxy.server, 'listening');
    return proxy;
  }

  get url(): string {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
