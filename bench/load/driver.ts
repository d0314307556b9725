/**
 * Closed-loop clients: each keeps one keep-alive connection and sends its next request as soon as
 * the previous one is answered, for the whole duration. Every answer is classified (ok, HTTP
 * status, GraphQL error code, result-union error, network) and timed per operation.
 */
import { performance } from "node:perf_hooks";
import { type BenchHttpClient, benchHttpClient } from "../directory/http-client";
import { OPERATIONS, type Operation, type PlannedRequest } from "./mix";

export interface OperationStats {
  latencies: number[];
  errors: Map<string, number>;
}

export interface LoadResult {
  elapsedMs: number;
  byOperation: Record<Operation, OperationStats>;
  /** Tags of the referrals the server acknowledged (a Referral came back). */
  acknowledged: string[];
}

/** What went wrong with an answer, or null when it is a success. */
function classify(request: PlannedRequest, status: number, text: string): string | null {
  if (status !== 200) return `HTTP ${status}`;
  const body = JSON.parse(text) as {
    data?: Record<string, { __typename?: string } | null>;
    errors?: { extensions?: { code?: string } }[];
  };
  if (body.errors?.length) return body.errors[0].extensions?.code ?? "GraphQL error";
  if (request.operation === "createReferral") {
    const typename = body.data?.createReferral?.__typename;
    if (typename !== "Referral") return typename ?? "no data";
  }
  return null;
}

export async function runLoad(options: {
  port: number;
  connections: number;
  durationMs: number;
  next: () => PlannedRequest;
}): Promise<LoadResult> {
  const byOperation = Object.fromEntries(
    OPERATIONS.map((op) => [op, { latencies: [], errors: new Map() }]),
  ) as unknown as Record<Operation, OperationStats>;
  const acknowledged: string[] = [];
  const count = (op: Operation, error: string) => {
    const errors = byOperation[op].errors;
    errors.set(error, (errors.get(error) ?? 0) + 1);
  };
  const started = performance.now();
  const deadline = started + options.durationMs;

  async function client() {
    let http: BenchHttpClient | null = null;
    while (performance.now() < deadline) {
      const request = options.next();
      const sent = performance.now();
      try {
        http ??= await benchHttpClient(options.port);
        const { status, text } = await http.send(request.body, request.headers);
        byOperation[request.operation].latencies.push(performance.now() - sent);
        const error = classify(request, status, text);
        if (error) count(request.operation, error);
        else if (request.tag) acknowledged.push(request.tag);
      } catch {
        count(request.operation, "network");
        http?.close();
        http = null;
      }
    }
    http?.close();
  }

  await Promise.all(Array.from({ length: options.connections }, client));
  return { elapsedMs: performance.now() - started, byOperation, acknowledged };
}
