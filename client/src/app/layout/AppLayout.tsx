import { useQuery } from "@apollo/client/react";
import { Suspense, useEffect, useRef } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { SignInOptionsDocument } from "@/gql/graphql";
import { useSession } from "@/modules/auth/hooks/useSession";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { LoadingState } from "@/shared/components/States";
import { useI18n } from "../i18n/I18nProvider";
import { ServiceUnavailableBanner } from "./ServiceUnavailableBanner";
import { SessionExpiryWatcher } from "./SessionExpiryWatcher";
import { LanguageSwitch } from "./LanguageSwitch";

function Navigation() {
  const { t } = useI18n();
  const viewer = useViewer();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const members = viewer.memberships.length > 0;
  const proConnect = useQuery(SignInOptionsDocument).data?.signInOptions.proConnect ?? false;
  return (
    <nav aria-label={t("layout.nav")} className="main-nav">
      <ul>
        <li>
          <NavLink to="/" end>
            {t("nav.directory")}
          </NavLink>
        </li>
        {members && (
          <li>
            <NavLink to="/orientations/nouvelle">{t("nav.newReferral")}</NavLink>
          </li>
        )}
        {members && (
          <li>
            <NavLink to="/tableau">{t("nav.board")}</NavLink>
          </li>
        )}
        {members && (
          <li>
            <NavLink to="/programme">{t("nav.programme")}</NavLink>
          </li>
        )}
        {viewer.coordinates && (
          <li>
            <NavLink to="/pilotage">{t("nav.dashboard")}</NavLink>
          </li>
        )}
        {viewer.coordinates && (
          <li>
            <NavLink to="/admin/import">{t("nav.import")}</NavLink>
          </li>
        )}
        {viewer.coordinates && (
          <li>
            <NavLink to="/admin/doublons">{t("nav.duplicates")}</NavLink>
          </li>
        )}
        {viewer.isAdmin && (
          <li>
            <NavLink to="/admin/comptes">{t("nav.accounts")}</NavLink>
          </li>
        )}
        {viewer.isAdmin && (
          <li>
            <NavLink to="/admin/courriels">{t("nav.outbox")}</NavLink>
          </li>
        )}
        {viewer.signedIn && (
          <li>
            <NavLink to="/parametres">{t("nav.settings")}</NavLink>
          </li>
        )}
        {viewer.signedIn ? (
          <li>
            {proConnect ? (
              // Ends the session here and, for a ProConnect one, at the provider (a full page).
              <form method="post" action="/auth/oidc/logout">
                <button type="submit" className="link-button">
                  {t("nav.signOut")}
                  <span className="visually-hidden"> ({viewer.viewer?.user?.displayName})</span>
                </button>
              </form>
            ) : (
              <button
                type="button"
                className="link-button"
                onClick={() => void signOut().then(() => navigate("/"))}
              >
                {t("nav.signOut")}
                <span className="visually-hidden"> ({viewer.viewer?.user?.displayName})</span>
              </button>
            )}
          </li>
        ) : (
          !viewer.loading && (
            <li>
              <NavLink to="/connexion">{t("nav.signIn")}</NavLink>
            </li>
          )
        )}
      </ul>
    </nav>
  );
}

/** Header, navigation, language switch; focus goes to the page's content after each navigation. */
export function AppLayout() {
  const { t } = useI18n();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t("layout.skip")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <p className="brand">
            <Link to="/">Maillage</Link>
            <span className="brand-tagline">{t("layout.tagline")}</span>
          </p>
          <LanguageSwitch />
        </div>
        <Navigation />
      </header>
      <ServiceUnavailableBanner />
      <SessionExpiryWatcher />
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t("layout.footer")}</p>
      </footer>
    </>
  );
}
