/** Messages between the benchmark (run.ts) and its child processes, over Node's IPC channel. */

/** Monotonic clock in milliseconds, shared by every process on the machine (CLOCK_MONOTONIC). */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface Subscriber {
  url: string;
  token: string;
  structureId: string;
}

/** Parent → client process. */
export type ClientCommand =
  | { id: number; type: "connect"; subscribers: Subscriber[]; concurrency: number }
  | { id: number; type: "count"; eventId: number }
  | { id: number; type: "start" }
  | { id: number; type: "collect"; eventIds: number[] }
  | { id: number; type: "close" };

export interface ConnectReply {
  connected: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

export interface CollectReply {
  /** Receipt times (monotonic ms) of each asked event, by event id. */
  receipts: Record<string, number[]>;
  /** Events received twice or out of id order by one subscriber (must be 0). */
  outOfOrder: number;
  /** Errors and close codes seen since the sockets opened (must be empty). */
  errors: string[];
  closes: Record<string, number>;
  /** CPU time (user + system) of the client process since `start`, and the wall time. */
  cpuMs: number;
  wallMs: number;
}

/** Client process → parent. */
export interface ClientReply {
  id: number;
  ok: boolean;
  error?: string;
  value?: unknown;
}

/** Parent → server instance (bench/fanout/instance.ts): collect garbage, then report. */
export interface ProbeCommand {
  type: "probe";
  id: number;
  gc: boolean;
}

export interface ProbeReply {
  type: "probe";
  id: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  cpuUserUs: number;
  cpuSystemUs: number;
}
