import { useConnectionStatus } from "@/app/apollo/realtime-context";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { FeedState } from "../hooks/referral-event-feed";

export type LiveState = "live" | "connecting" | "reconnecting";

export function liveState(socket: string, feed: FeedState): LiveState {
  if (feed === "retrying" || socket === "reconnecting") return "reconnecting";
  if (socket === "connected") return "live";
  if (socket === "idle" && feed === "live") return "live";
  return "connecting";
}

/** "En direct" / "Reconnexion…": said in words, not by colour alone. */
export function LiveIndicator({ feedState }: { feedState: FeedState }) {
  const { t } = useI18n();
  const { state } = useConnectionStatus();
  const live = liveState(state, feedState);
  return (
    <p className={`live-indicator live-${live}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      {t(`board.live.${live}`)}
    </p>
  );
}
