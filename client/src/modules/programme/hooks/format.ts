import { useMemo } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";

const PARIS_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today in Paris, YYYY-MM-DD: what the server calls "today" for dates of the programme. */
export function parisToday(at: Date = new Date()): string {
  return PARIS_DAY.format(at);
}

export function parisYear(at: Date = new Date()): number {
  return Number(parisToday(at).slice(0, 4));
}

/** Money in euros from cents, months from YYYY-MM, ratios as percentages, in the chosen language. */
export function useProgrammeFormat() {
  const { locale, number, t } = useI18n();
  return useMemo(() => {
    const tag = locale === "fr" ? "fr-FR" : "en-GB";
    const euros = new Intl.NumberFormat(tag, { style: "currency", currency: "EUR" });
    const monthFormat = new Intl.DateTimeFormat(tag, {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    const money = (cents: number) => euros.format(cents / 100);
    const one = (count: number) => (locale === "fr" ? Math.abs(count) < 2 : count === 1);
    return {
      money,
      /** "2026-03" (or "2026-03-01") → mars 2026 */
      month: (value: string) => monthFormat.format(new Date(`${value.slice(0, 7)}-01T00:00:00Z`)),
      percent: (ratio: number) => `${number(ratio * 100)} %`,
      /** Singular for 0 and 1 in French, for 1 only in English. */
      one,
      /** "3 tickets · 30,00 €" */
      tickets: (count: number, cents: number) =>
        t(one(count) ? "programme.balance.figure.one" : "programme.balance.figure", {
          tickets: number(count),
          value: money(cents),
        }),
    };
  }, [locale, number, t]);
}

/** "10", "10,50" or "10.5" euros → cents; null when it is not an amount. */
export function centsOf(euros: string): number | null {
  const match = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*€?\s*$/.exec(euros);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}
