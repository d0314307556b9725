/** The load benchmark's figures, as a Markdown table and a few summary lines. */
import { percentile } from "../support";
import type { LoadResult } from "./driver";
import { OPERATIONS } from "./mix";

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "–");
const errorsText = (errors: Map<string, number>) =>
  errors.size === 0 ? "0" : [...errors].map(([code, n]) => `${n} ${code}`).join(", ");

export function loadTable(result: LoadResult): string {
  const seconds = result.elapsedMs / 1000;
  const rows = [
    "| operation | requests | req/s | p50 ms | p99 ms | errors |",
    "|---|--:|--:|--:|--:|---|",
  ];
  const all: number[] = [];
  const allErrors = new Map<string, number>();
  for (const op of OPERATIONS) {
    const { latencies, errors } = result.byOperation[op];
    const sorted = [...latencies].sort((a, b) => a - b);
    all.push(...latencies);
    for (const [code, n] of errors) allErrors.set(code, (allErrors.get(code) ?? 0) + n);
    rows.push(
      `| ${op} | ${latencies.length} | ${(latencies.length / seconds).toFixed(0)} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${errorsText(errors)} |`,
    );
  }
  all.sort((a, b) => a - b);
  rows.push(
    `| **all** | ${all.length} | **${(all.length / seconds).toFixed(0)}** | ${ms(percentile(all, 50))} | ${ms(percentile(all, 99))} | ${errorsText(allErrors)} |`,
  );
  return rows.join("\n");
}

export function totals(result: LoadResult) {
  let requests = 0;
  let errors = 0;
  const all: number[] = [];
  for (const op of OPERATIONS) {
    const stats = result.byOperation[op];
    requests += stats.latencies.length;
    all.push(...stats.latencies);
    for (const n of stats.errors.values()) errors += n;
  }
  all.sort((a, b) => a - b);
  return {
    requests,
    errors,
    perSecond: requests / (result.elapsedMs / 1000),
    p99: percentile(all, 99),
  };
}

/** The p50 of one operation's latencies, in ms. */
export function p50Of(result: LoadResult, operation: (typeof OPERATIONS)[number]): number {
  return percentile(
    [...result.byOperation[operation].latencies].sort((a, b) => a - b),
    50,
  );
}
