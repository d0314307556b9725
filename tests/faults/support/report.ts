/** The fault suite's table: one row per scenario, printed at the end and kept for the docs. */
import fs from "node:fs";

export interface ScenarioRow {
  scenario: string;
  requests: number;
  /** Outcome → count, `200` included. */
  outcomes: Map<string, number>;
  acknowledged: number;
  lost: number;
  duplicated: number;
  /** Events the subscriber had to receive, and what it did receive. */
  eventsExpected: number;
  eventsMissed: number;
  eventsDuplicated: number;
  readyz: string;
  crashes: number;
}

const rows: ScenarioRow[] = [];

export const addRow = (row: ScenarioRow) => rows.push(row);

function errors(outcomes: Map<string, number>): string {
  const failed = [...outcomes].filter(([outcome]) => outcome !== "200");
  return failed.length ? failed.map(([o, n]) => `${n} × ${o}`).join(", ") : "none";
}

export function reportTable(): string {
  const header =
    "| scenario | requests | errors by code | acknowledged referrals | lost | duplicated | events (missed / duplicated) | `/readyz` | crashes |";
  const rule = "|---|--:|---|--:|--:|--:|---|---|--:|";
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.requests} | ${errors(r.outcomes)} | ${r.acknowledged} | ${r.lost} | ${r.duplicated} | ${r.eventsExpected} (${r.eventsMissed} / ${r.eventsDuplicated}) | ${r.readyz} | ${r.crashes} |`,
  );
  return [header, rule, ...lines].join("\n");
}

/** Prints the table, and writes it to `FAULTS_REPORT` when set. */
export function printReport(): void {
  const table = reportTable();
  process.stdout.write(`\nFault suite\n\n${table}\n\n`);
  if (process.env.FAULTS_REPORT) fs.writeFileSync(process.env.FAULTS_REPORT, `${table}\n`);
}
