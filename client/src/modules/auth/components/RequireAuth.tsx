import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { sessionEnded } from "@/app/apollo/session-expiry";
import { useI18n } from "@/app/i18n/I18nProvider";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { signedInAs } from "@/shared/drafts/form-drafts";
import { type Abilities, useViewer } from "../hooks/useViewer";

/** Sends anonymous visitors to the sign-in page and back; `allow` narrows to some people. */
export function RequireAuth(props: { children: ReactNode; allow?: (a: Abilities) => boolean }) {
  const { t } = useI18n();
  const location = useLocation();
  const viewer = useViewer();
  if (viewer.loading) return <LoadingState />;
  if (viewer.error) return <ErrorState onRetry={() => void viewer.refetch()} />;
  if (!viewer.signedIn) {
    const next = encodeURIComponent(location.pathname + location.search);
    const why = sessionEnded.get() ? "&session=expiree" : "";
    return <Navigate to={`/connexion?next=${next}${why}`} replace />;
  }
  // Forms kept when a session ended are given back to the same person only.
  if (viewer.viewer?.user) signedInAs(viewer.viewer.user.id);
  if (props.allow && !props.allow(viewer)) {
    return (
      <div className="narrow">
        <h1>{t("auth.forbidden.title")}</h1>
        <p>{t("auth.forbidden.hint")}</p>
      </div>
    );
  }
  return <>{props.children}</>;
}
