import { useEffect } from "react";

/** Each page names itself in the tab title (RGAA 8.6). */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} — Maillage`;
  }, [title]);
}
