/** Percentiles, goals and the Markdown table of the fan-out benchmark. */
import { percentile } from "../support";

export const GOALS = {
  /** p99 commit-to-receipt on one instance (the issue states it at 5,000 subscribers). */
  p99OneInstanceMs: 250,
  /** p99 commit-to-receipt with the subscribers split over two instances. */
  p99TwoInstancesMs: 300,
  /** Resident memory per idle subscriber. */
  idleSubscriberKB: 30, // KB = 1,000 bytes (the stricter reading)
} as const;

export interface Distribution {
  p50: number;
  p99: number;
  max: number;
}

export function distribution(samples: readonly number[]): Distribution {
  const sorted = Float64Array.from(samples).sort();
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export const median = (values: readonly number[]) =>
  percentile(Float64Array.from(values).sort(), 50);

export interface ScenarioResult {
  name: string;
  instances: number;
  subscribers: number;
  events: number;
  expected: number;
  received: number;
  outOfOrder: number;
  /** Receipt minus the commit, as seen by the benchmark's own LISTEN connection. */
  commitToReceipt: Distribution;
  /** Receipt minus the moment the mutation was sent: an upper bound. */
  requestToReceipt: Distribution;
  /** Per event, the last receipt minus the commit: how long the whole fan-out took (median). */
  fanOutMedianMs: number;
  mutationMedianMs: number;
  /** Mutations are sent one at a time: when the instance is saturated they slow down, and so does the event rate. */
  commitIntervalMedianMs: number;
  /** Retained memory (after a full GC) per idle subscriber, summed over the instances. */
  rssPerSubscriberKB: number;
  heapPerSubscriberKB: number;
  /** CPU of the server instances and of the client processes during the timed events (% of one core). */
  serverCpuPercent: number[];
  /** Server CPU time (all instances) during the timed events, per receipt. */
  serverCpuPerDeliveryUs: number;
  clientCpuPercent: number[];
  connectMs: number;
  problems: string[];
}

export function latencyGoalMs(r: Pick<ScenarioResult, "instances">): number {
  return r.instances === 1 ? GOALS.p99OneInstanceMs : GOALS.p99TwoInstancesMs;
}

export function verdict(r: ScenarioResult) {
  return {
    complete: r.received === r.expected && r.outOfOrder === 0 && r.problems.length === 0,
    latency: r.commitToReceipt.p99 <= latencyGoalMs(r),
    memory: r.rssPerSubscriberKB <= GOALS.idleSubscriberKB,
  };
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "–");
const kib = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "–");
const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");

export function markdownTable(results: readonly ScenarioResult[]): string {
  const lines = [
    "| scenario | subscribers | events | receipts received / expected | p50 (ms) | p99 (ms) | max (ms) | p99 from request sent (ms) | RSS per idle subscriber (KB) | p99 goal | memory goal ≤ 30 KB |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|:-:|",
  ];
  for (const r of results) {
    const v = verdict(r);
    lines.push(
      `| ${r.name} | ${r.subscribers.toLocaleString("en")} | ${r.events} | ${r.received.toLocaleString("en")} / ${r.expected.toLocaleString("en")}${v.complete ? "" : " ⚠"} | ${ms(r.commitToReceipt.p50)} | ${ms(r.commitToReceipt.p99)} | ${ms(r.commitToReceipt.max)} | ${ms(r.requestToReceipt.p99)} | ${kib(r.rssPerSubscriberKB)} | ≤ ${latencyGoalMs(r)} ms: ${pass(v.latency)} | ${pass(v.memory)} |`,
    );
  }
  return lines.join("\n");
}
