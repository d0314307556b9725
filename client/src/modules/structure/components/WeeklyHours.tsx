import { useI18n } from "@/app/i18n/I18nProvider";

export interface Interval {
  day: number;
  opens: string;
  closes: string;
}

const MONDAY = Date.UTC(2024, 0, 1); // a Monday

/** Day names from the locale: 1 = Monday … 7 = Sunday. */
export function dayName(day: number, locale: "fr" | "en", style: "long" | "short" = "long") {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    weekday: style,
    timeZone: "UTC",
  }).format(new Date(MONDAY + (day - 1) * 86_400_000));
}

/** The regular week as a table, a row per day, closed days said. */
export function WeeklyHours({ weekly, caption }: { weekly: readonly Interval[]; caption: string }) {
  const { t, locale } = useI18n();
  const days = [1, 2, 3, 4, 5, 6, 7];
  return (
    <table className="hours-table">
      <caption>{caption}</caption>
      <tbody>
        {days.map((day) => {
          const intervals = weekly.filter((i) => i.day === day);
          return (
            <tr key={day}>
              <th scope="row">{dayName(day, locale)}</th>
              <td>
                {intervals.length === 0
                  ? t("hours.closed")
                  : intervals
                      .map((i) => t("hours.interval", { opens: i.opens, closes: i.closes }))
                      .join(", ")}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
