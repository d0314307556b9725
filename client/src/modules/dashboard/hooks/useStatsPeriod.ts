import { useSearchParams } from "react-router";

const DAY = 86_400_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The statistics' period and district, in the URL; the last 90 days by default. */
export function useStatsPeriod() {
  const [params, setParams] = useSearchParams();
  const today = new Date();
  const valid = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
  const from = valid(params.get("from")) ?? isoDay(new Date(today.getTime() - 90 * DAY));
  const to = valid(params.get("to")) ?? isoDay(today);
  const district = params.get("district") || null;

  function update(change: { from?: string; to?: string; district?: string | null }) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  }

  // The `to` day is included: the API's bound is the next midnight (UTC).
  const variables = {
    from: `${from}T00:00:00.000Z`,
    to: new Date(new Date(`${to}T00:00:00.000Z`).getTime() + DAY).toISOString(),
    districtCode: district,
  };
  return { from, to, district, update, variables, invalid: from > to };
}
