import type http from "node:http";
import net from "node:net";

export interface DrainTimings {
  /**
   * How long idle keep-alive connections stay open after the listener closes, so that a request
   * already on its way gets an answer (a 503 with `Connection: close`) instead of a reset.
   */
  idleGraceMs: number;
  /** After this, connections still open are cut. */
  forceAfterMs: number;
}

export const DEFAULT_DRAIN: DrainTimings = { idleGraceMs: 1_000, forceAfterMs: 7_000 };

/**
 * Stops accepting connections and resolves once every connection has ended. Unlike
 * `http.Server.close()`, which drops idle keep-alive connections at once (resetting a request
 * that was already sent on one), idle connections are kept for `idleGraceMs`; the caller answers
 * what arrives meanwhile with 503 and `Connection: close`. Requests being handled run to their
 * end, and their connection closes after the response.
 */
export function drainHttpServer(
  server: http.Server,
  timings: DrainTimings = DEFAULT_DRAIN,
): Promise<void> {
  return new Promise((resolve) => {
    let sweep: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      server.closeIdleConnections();
      // A request that was being handled leaves its connection idle when it ends.
      sweep = setInterval(() => server.closeIdleConnections(), 100);
    }, timings.idleGraceMs);
    const force = setTimeout(() => server.closeAllConnections(), timings.forceAfterMs);
    const done = () => {
      clearTimeout(grace);
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    };
    if (!server.listening) {
      server.closeAllConnections();
      done();
      return;
    }
    // net.Server's close: stops listening and calls back when the last connection has ended,
    // without http.Server's immediate closing of idle connections.
    net.Server.prototype.close.call(server, () => done());
  });
}
