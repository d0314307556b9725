import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { SelectField } from "@/shared/components/Field";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { type BoardTab, tabOf } from "../hooks/board-columns";
import { useBoard } from "../hooks/useBoard";
import { useBoardAnnouncer } from "../hooks/useBoardAnnouncer";
import type { ActionOutcome } from "../hooks/useReferralActions";
import { BoardColumns } from "./BoardColumns";
import { LiveIndicator } from "./LiveIndicator";

/** Tableau des orientations: my structure's referrals, received and sent, live. */
export function BoardPage() {
  const { t } = useI18n();
  usePageTitle(t("board.title"));
  const viewer = useViewer();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const memberships = viewer.memberships;
  const structureId =
    memberships.find((m) => m.structure.id === params.get("structure"))?.structure.id ??
    memberships[0]?.structure.id ??
    "";
  const tab: BoardTab = params.get("tab") === "sent" ? "sent" : "received";
  const { announcement, setAnnouncement, updated, announce } = useBoardAnnouncer(structureId);
  const board = useBoard(structureId, announce);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [notices, setNotices] = useState<Record<string, string>>({});
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const created = (location.state as { created?: string } | null)?.created;
  useEffect(() => {
    if (created) setAnnouncement(t("board.news.sent"));
  }, [created, setAnnouncement, t]);

  // The acted-on card keeps the focus wherever it moves, for a moment only: a later live change
  // must not pull the focus away from what the person is doing.
  const focusTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(focusTimer.current), []);
  function onStart(id: string) {
    clearTimeout(focusTimer.current);
    setFocusId(id);
  }

  function onDone(id: string, outcome: ActionOutcome) {
    if (outcome.ok)
      setAnnouncement(t("board.news.done", { status: t(`status.${outcome.status}`) }));
    setNotices(({ [id]: _previous, ...others }) =>
      outcome.ok ? others : { ...others, [id]: outcome.message },
    );
    setFocusId(id);
    clearTimeout(focusTimer.current);
    focusTimer.current = setTimeout(() => setFocusId(null), 1500);
  }

  const tabHref = (next: BoardTab) => {
    const p = new URLSearchParams(params);
    p.set("tab", next);
    p.set("structure", structureId);
    return `?${p.toString()}`;
  };
  const count = (which: BoardTab) =>
    board.referrals.filter((r) => tabOf(r, structureId) === which).length;
  const structureName = memberships.find((m) => m.structure.id === structureId)?.structure.name;

  return (
    <div className="board">
      <div className="board-header">
        <h1>{t("board.title")}</h1>
        <LiveIndicator feedState={board.feedState} />
      </div>
      {memberships.length > 1 ? (
        <SelectField
          name="structure"
          label={t("board.structure")}
          options={memberships.map((m) => ({ value: m.structure.id, label: m.structure.name }))}
          value={structureId}
          onChange={(e) => {
            const p = new URLSearchParams(params);
            p.set("structure", e.target.value);
            setParams(p, { replace: true });
          }}
        />
      ) : (
        <p className="lead">{structureName}</p>
      )}
      <p className="board-news" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <nav className="tabs" aria-label={t("board.tabs")}>
        <ul>
          {(["received", "sent"] as const).map((which) => (
            <li key={which}>
              <Link to={tabHref(which)} replace aria-current={tab === which ? "page" : undefined}>
                {t(`board.tab.${which}`)} <span className="count">({count(which)})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="hint">
        {t(tab === "received" ? "board.hint.received" : "board.hint.sent")}{" "}
        {tab === "sent" && <Link to="/orientations/nouvelle">{t("nav.newReferral")}</Link>}
      </p>
      {board.error && !board.loading ? (
        <ErrorState onRetry={board.retry} />
      ) : board.loading ? (
        <LoadingState />
      ) : (
        <BoardColumns
          referrals={board.referrals}
          structureId={structureId}
          tab={tab}
          now={now}
          focusId={focusId}
          updated={updated}
          notices={notices}
          onStart={onStart}
          onDone={onDone}
        />
      )}
    </div>
  );
}
