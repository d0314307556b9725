/** One autocannon run against one server and one document, with every latency kept. */
import autocannon from "autocannon";
import type { AppProcess } from "../load/server-process";

export interface Sample {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
  /** CPU seconds the server used during the run. */
  serverCpu: number;
}

export interface Target {
  body: string;
  headers: Record<string, string>;
  /** The answer every request must get (checked byte for byte: a difference is an error). */
  expectBody: string;
}

export async function measure(
  server: AppProcess,
  target: Target,
  connections: number,
  durationSeconds: number,
): Promise<Sample> {
  const latencies: number[] = [];
  const cpuBefore = server.cpuSeconds();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${server.port}/graphql`,
        method: "POST",
        headers: { "content-type": "application/json", ...target.headers },
        body: target.body,
        expectBody: target.expectBody,
        connections,
        duration: durationSeconds,
        // On a shared 2-core machine a queue of 100 requests can exceed autocannon's default 10 s.
        timeout: 30,
      },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    latencies,
    errors: result.errors + result.non2xx + result.mismatches,
    serverCpu: server.cpuSeconds() - cpuBefore,
  };
}

/** Samples of several rounds taken together. */
export function merge(samples: Sample[]): Sample {
  return {
    requests: samples.reduce((n, s) => n + s.requests, 0),
    seconds: samples.reduce((n, s) => n + s.seconds, 0),
    latencies: samples.flatMap((s) => s.latencies).sort((a, b) => a - b),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    serverCpu: samples.reduce((n, s) => n + s.serverCpu, 0),
  };
}
