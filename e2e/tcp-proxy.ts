// A network cable a test can pull: a TCP proxy on loopback in front of one app instance. A browser
// context whose baseURL is the proxy's reaches the app only through it, page loads, saves and the
// co-editing WebSocket alike. `cut()` closes every connection it carries and refuses every new one
// (as a dropped Wi-Fi does, where Chromium's setOffline may leave an open WebSocket running);
// `restore()` lets connections through again. Bytes pass unchanged, so the Host header is the
// proxy's: the page is same-origin with its own requests and sockets, which the app's cross-site
// checks (lib/http/request-guards.ts) require, and the stored sign-in cookies (for "localhost",
// any port) still apply.

import net from "node:net";

export interface CuttableProxy {
  /** The proxy's address, as a baseURL: http://localhost:<port>. */
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy in front of `target` (an http://localhost:<port> or http://127.0.0.1:<port> URL). */
export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const upstreamPort = Number(new URL(target).port);
  const open = new Set<net.Socket>();
  let passing = true;
  const server = net.createServer((client) => {
    if (!passing) {
      client.resetAndDestroy();
      return;
    }
    // The instances listen on IPv4 loopback; "localhost" may resolve to ::1 first.
    const upstream = net.connect({ host: "127.0.0.1", port: upstreamPort });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      // A cut connection errors on the other side: it is closed with its pair.
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const cutAll = () => {
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };
  return {
    url: `http://localhost:${port}`,
    cut() {
      passing = false;
      cutAll();
    },
    restore() {
      passing = true;
    },
    close() {
      passing = false;
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
