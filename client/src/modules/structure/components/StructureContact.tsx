import { useI18n } from "@/app/i18n/I18nProvider";
import type { StructureDetailQuery } from "@/gql/graphql";
import { displayPhone } from "@/shared/format/phone";
import { useReferenceData } from "@/shared/reference/useReferenceData";

type Structure = StructureDetailQuery["structure"];

/** Contact and accessibility: address, phone, e-mails, websites, appointment, supports. */
export function StructureContact({ structure: s }: { structure: Structure }) {
  const { t } = useI18n();
  const { label } = useReferenceData();
  const address = [
    s.address.street,
    s.address.complement,
    [s.address.postalCode, s.address.city].filter(Boolean).join(" "),
  ].filter(Boolean);
  return (
    <>
      <section aria-labelledby="contact-heading" className="panel">
        <h2 id="contact-heading">{t("structure.contact")}</h2>
        <dl className="facts">
          {address.length > 0 && (
            <>
              <dt>{t("structure.address")}</dt>
              <dd>
                <address>{address.join(", ")}</address>
              </dd>
            </>
          )}
          {s.phone && (
            <>
              <dt>{t("structure.phone")}</dt>
              <dd>
                <a href={`tel:${s.phone}`}>{displayPhone(s.phone)}</a>
              </dd>
            </>
          )}
          {s.emails.length > 0 && (
            <>
              <dt>{t("structure.emails")}</dt>
              {s.emails.map((e) => (
                <dd key={e}>
                  <a href={`mailto:${e}`}>{e}</a>
                </dd>
              ))}
            </>
          )}
          {s.websites.length > 0 && (
            <>
              <dt>{t("structure.websites")}</dt>
              {s.websites.map((w) => (
                <dd key={w}>
                  <a href={w} rel="noreferrer">
                    {w.replace(/^https?:\/\//, "")}
                  </a>
                </dd>
              ))}
            </>
          )}
          {s.appointmentUrl && (
            <>
              <dt>{t("structure.appointment")}</dt>
              <dd>
                <a href={s.appointmentUrl} rel="noreferrer">
                  {t("structure.appointment.link")}
                </a>
              </dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="accessibility-heading" className="panel">
        <h2 id="accessibility-heading">{t("structure.accessibility")}</h2>
        {s.specificSupports.length > 0 ? (
          <ul>
            {s.specificSupports.map((v) => (
              <li key={v}>{label("specificSupports", v)}</li>
            ))}
          </ul>
        ) : (
          <p>{t("structure.accessibility.none")}</p>
        )}
        {s.mobility.length > 0 && (
          <p>
            {t("structure.mobility")} {s.mobility.map((m) => label("mobility", m)).join(", ")}
          </p>
        )}
        {s.accessibilityUrl && (
          <p>
            <a href={s.accessibilityUrl} rel="noreferrer">
              {t("structure.accessibility.sheet")}
            </a>
          </p>
        )}
      </section>
    </>
  );
}
