import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import type { Locale } from "./define-messages";
import { type MessageKey, messages } from "./messages";

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** 12 mars 2026 à 14:30 / 12 March 2026 at 14:30, in Paris time. */
  dateTime(iso: string): string;
  date(iso: string): string;
  number(value: number, digits?: number): string;
  /** 850 m, 2,4 km */
  distance(meters: number): string;
}

const STORAGE_KEY = "maillage.locale";
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "fr";
  } catch {
    return "fr";
  }
}

export function I18nProvider({
  children,
  locale: fixed,
}: {
  children: ReactNode;
  locale?: Locale;
}) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private browsing: the choice lasts for this page only
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const tag = locale === "fr" ? "fr-FR" : "en-GB";
    const dateTimeFormat = new Intl.DateTimeFormat(tag, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Paris",
    });
    const dateFormat = new Intl.DateTimeFormat(tag, {
      dateStyle: "medium",
      timeZone: "Europe/Paris",
    });
    const dictionary = messages[locale];
    const t: Translate = (key, values) => {
      const text = dictionary[key] ?? key;
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (match, name: string) =>
        name in values ? String(values[name]) : match,
      );
    };
    const number = (value: number, digits = 0) =>
      new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(value);
    return {
      locale,
      setLocale,
      t,
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      date: (iso) => dateFormat.format(new Date(iso)),
      number,
      distance: (meters) =>
        meters < 1000
          ? `${number(Math.round(meters / 10) * 10)} m`
          : `${number(meters / 1000, 1)} km`,
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
