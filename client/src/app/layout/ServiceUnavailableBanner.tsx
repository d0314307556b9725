import { useServiceRetrying } from "@/app/apollo/availability-context";
import { useI18n } from "@/app/i18n/I18nProvider";

/** A polite live region: empty while all is well, a short notice while queries are retried. */
export function ServiceUnavailableBanner() {
  const retrying = useServiceRetrying();
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" className={retrying ? "service-banner" : undefined}>
      {retrying ? t("layout.serviceUnavailable") : null}
    </div>
  );
}
