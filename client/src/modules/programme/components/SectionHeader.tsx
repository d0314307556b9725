import { NavLink } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { SelectField } from "@/shared/components/Field";
import { useProgrammeStructure } from "../hooks/useProgrammeStructure";

/** The member section's tabs (loans, Pass numérique) and, with several structures, the choice. */
export function SectionHeader() {
  const { t } = useI18n();
  const { structureId, structureName, memberships, choose, href } = useProgrammeStructure();
  return (
    <>
      {memberships.length > 1 ? (
        <SelectField
          name="structure"
          label={t("programme.structure")}
          options={memberships.map((m) => ({ value: m.structure.id, label: m.structure.name }))}
          value={structureId}
          onChange={(e) => choose(e.target.value)}
        />
      ) : (
        <p className="lead">{structureName}</p>
      )}
      <nav className="tabs" aria-label={t("programme.sectionTabs")}>
        <ul>
          <li>
            <NavLink to={href("/programme/prets")}>{t("programme.tab.allocations")}</NavLink>
          </li>
          <li>
            <NavLink to={href("/programme/pass")}>{t("programme.tab.pass")}</NavLink>
          </li>
        </ul>
      </nav>
    </>
  );
}
