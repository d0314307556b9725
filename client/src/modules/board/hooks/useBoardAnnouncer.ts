import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { tabOf } from "./board-columns";
import type { LiveEvent } from "./useBoard";

const HIGHLIGHT_MS = 6_000;

/** What a live event says aloud (aria-live) and which cards it highlights for a moment. */
export function useBoardAnnouncer(structureId: string) {
  const { t } = useI18n();
  const { label } = useReferenceData();
  const [announcement, setAnnouncement] = useState("");
  const [updated, setUpdated] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((timer) => clearTimeout(timer));
  }, []);

  const announce = useCallback(
    (event: LiveEvent) => {
      const r = event.referral;
      const received = tabOf(r, structureId) === "received";
      const need = label("categories", r.need);
      const other = received ? r.senderStructure.name : r.receiverStructure.name;
      setAnnouncement(
        event.type === "CREATED" && received
          ? t("board.news.received", { need, name: other })
          : t("board.news.changed", { need, name: other, status: t(`status.${event.toStatus}`) }),
      );
      setUpdated((current) => new Set(current).add(r.id));
      clearTimeout(timers.current.get(r.id));
      timers.current.set(
        r.id,
        setTimeout(() => {
          setUpdated((current) => {
            const next = new Set(current);
            next.delete(r.id);
            return next;
          });
        }, HIGHLIGHT_MS),
      );
    },
    [label, structureId, t],
  );

  return { announcement, setAnnouncement, updated, announce };
}
