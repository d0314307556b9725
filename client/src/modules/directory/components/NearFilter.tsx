import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { fieldId } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { type DirectoryFilters, type NearOrigin, RADII } from "../hooks/useDirectoryFilters";

/**
 * "Près de" : the person's position (asked to the browser, kept to 4 decimals in the URL) or a
 * district — the district of the resident's address — with a radius; results then come nearest first.
 */
export function NearFilter(props: {
  near: NearOrigin | null;
  radiusMeters: number;
  onChange(change: Partial<DirectoryFilters>): void;
}) {
  const { t, distance } = useI18n();
  const { districts } = useReferenceData();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const selectValue =
    props.near?.kind === "district" ? `district:${props.near.code}` : props.near ? "me" : "";

  function choose(value: string) {
    setProblem(null);
    if (value === "") return props.onChange({ near: null });
    if (value.startsWith("district:"))
      return props.onChange({ near: { kind: "district", code: value.slice(9) } });
    if (!("geolocation" in navigator)) return setProblem(t("directory.near.unavailable"));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        props.onChange({
          near: { kind: "point", lat: position.coords.latitude, lon: position.coords.longitude },
        });
      },
      () => {
        setLocating(false);
        setProblem(t("directory.near.denied"));
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  }

  const id = fieldId("near");
  return (
    <div className="near-filter">
      <div className="field">
        <label htmlFor={id}>{t("directory.near.label")}</label>
        <select
          id={id}
          value={selectValue}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(e) => choose(e.target.value)}
        >
          <option value="">{t("directory.near.none")}</option>
          <option value="me">{t("directory.near.me")}</option>
          <optgroup label={t("directory.near.district")}>
            {districts.map((d) => (
              <option key={d.code} value={`district:${d.code}`}>
                {d.name}
              </option>
            ))}
          </optgroup>
        </select>
        {locating && <p role="status">{t("directory.near.locating")}</p>}
        {problem && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      {props.near && (
        <div className="field">
          <label htmlFor={fieldId("radius")}>{t("directory.near.radius")}</label>
          <select
            id={fieldId("radius")}
            value={props.radiusMeters}
            onChange={(e) => props.onChange({ radiusMeters: Number(e.target.value) })}
          >
            {RADII.map((r) => (
              <option key={r} value={r}>
                {distance(r)}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
