import { useI18n } from "@/app/i18n/I18nProvider";
import type { AllocationStatus } from "@/gql/graphql";

/** The loan's status in words (and a shape, not only a colour). */
export function AllocationStatusTag({ status }: { status: AllocationStatus }) {
  const { t } = useI18n();
  return (
    <span className={`tag allocation-${status.toLowerCase()}`}>
      {t(`programme.allocation.status.${status}`)}
    </span>
  );
}
