/**
 * How long `suggestStructures` takes on the national-scale set: from a district and from a
 * point, p50/p95 over HTTP, authenticated with an API token created for the run.
 */
import type { Client } from "pg";
import { hashSecret, newSecret } from "../../server/src/modules/identity/secrets";
import { districts } from "./generate";
import { type Summary, summarize } from "./report";

const SUGGEST = `query Suggest($need: ServiceCategory!, $from: SuggestionOrigin!) {
  suggestStructures(need: $need, from: $from, first: 10) {
    score distanceMeters structure { id name } offer { title } why { factor points }
  }
}`;

/** Issue 18: on the national-scale set, over HTTP. */
export const SUGGESTION_GOALS = { p50Ms: 20, p95Ms: 35 } as const;

export interface SuggestionResult {
  name: string;
  suggestions: number;
  graphql: Summary;
}

type Post = (body: string, headers: Record<string, string>) => Promise<string>;

export async function measureSuggestions(
  pg: Client,
  post: Post,
  iterations: number,
  warmup: number,
) {
  const secret = newSecret("mlg_");
  const [structure] = (await pg.query(`SELECT id FROM structure WHERE archived_at IS NULL LIMIT 1`))
    .rows;
  const { rows } = await pg.query(
    `INSERT INTO api_token (structure_id, name, token_hash, prefix) VALUES ($1, 'bench', $2, $3) RETURNING id`,
    [structure.id, hashSecret(secret), secret.slice(0, 10)],
  );
  const headers = { authorization: `Bearer ${secret}` };
  const lyon = districts().find((d) => d.code === "lyon-centre")!;
  const cases = [
    {
      name: "need from a district (paris-centre)",
      variables: { need: "ADMINISTRATIVE_PROCEDURES", from: { districtCode: "paris-centre" } },
    },
    {
      name: "need from a point (Lyon centre)",
      variables: { need: "EVERYDAY_DIGITAL_TOOLS", from: { lat: lyon.lat, lon: lyon.lon } },
    },
  ];
  const results: SuggestionResult[] = [];
  try {
    for (const c of cases) {
      const body = JSON.stringify({
        operationName: "Suggest",
        query: SUGGEST,
        variables: c.variables,
      });
      const first = JSON.parse(await post(body, headers));
      if (first.errors) throw new Error(`${c.name}: ${JSON.stringify(first.errors)}`);
      for (let i = 0; i < warmup; i++) await post(body, headers);
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const started = process.hrtime.bigint();
        await post(body, headers);
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      results.push({
        name: c.name,
        suggestions: first.data.suggestStructures.length,
        graphql: summarize(samples),
      });
    }
  } finally {
    await pg.query(`DELETE FROM api_token WHERE id = $1`, [rows[0].id]);
  }
  return results;
}

export function suggestionsTable(results: SuggestionResult[]): string {
  const { p50Ms, p95Ms } = SUGGESTION_GOALS;
  return [
    `| suggestStructures | suggestions | p50 ms | p95 ms | p99 ms | p50 ≤ ${p50Ms} ms | p95 ≤ ${p95Ms} ms |`,
    "|---|--:|--:|--:|--:|:-:|:-:|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.suggestions} | ${r.graphql.p50.toFixed(2)} | ${r.graphql.p95.toFixed(2)} | ${r.graphql.p99.toFixed(2)} | ${r.graphql.p50 <= p50Ms ? "PASS" : "FAIL"} | ${r.graphql.p95 <= p95Ms ? "PASS" : "FAIL"} |`,
    ),
  ].join("\n");
}

/** The goals a run missed, one phrase each. */
export function suggestionFailures(results: SuggestionResult[]): string[] {
  const { p50Ms, p95Ms } = SUGGESTION_GOALS;
  return results.flatMap((r) => [
    ...(r.graphql.p50 <= p50Ms
      ? []
      : [`suggestions "${r.name}" p50 ${r.graphql.p50.toFixed(1)} ms > ${p50Ms} ms`]),
    ...(r.graphql.p95 <= p95Ms
      ? []
      : [`suggestions "${r.name}" p95 ${r.graphql.p95.toFixed(1)} ms > ${p95Ms} ms`]),
  ]);
}
