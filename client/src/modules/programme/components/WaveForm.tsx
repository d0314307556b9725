import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  AdminWavesDocument,
  CreateDeviceWaveDocument,
  UpdateDeviceWaveDocument,
  type WaveAdminFragment,
} from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { CheckboxGroup, TextField } from "@/shared/components/Field";
import { useIdempotencyKey } from "@/shared/forms/useIdempotencyKey";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import {
  emptyWaveDraft,
  shareField,
  type WaveDraft,
  waveDraftOf,
  waveInput,
  waveLocalErrors,
  waveServerErrors,
} from "../hooks/wave-draft";

export type WaveRefusal = "conflict" | "notFound";

/**
 * Plans a wave, or changes one (with its version: a change made meanwhile is refused, and the
 * page reloads the wave). Errors are shown next to their fields and listed above them.
 */
export function WaveForm(props: {
  wave: WaveAdminFragment | null;
  onSaved(wave: WaveAdminFragment, created: boolean): void;
  onRefused(reason: WaveRefusal): void;
  onCancel(): void;
}) {
  const { t, locale } = useI18n();
  const { districts, districtName } = useReferenceData();
  const [draft, setDraft] = useState<WaveDraft>(() =>
    props.wave ? waveDraftOf(props.wave) : emptyWaveDraft(),
  );
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | undefined>();
  const submission = useIdempotencyKey();
  const [create, creating] = useMutation(CreateDeviceWaveDocument, {
    refetchQueries: [AdminWavesDocument],
    awaitRefetchQueries: true,
  });
  const [update, updating] = useMutation(UpdateDeviceWaveDocument);
  const change = (patch: Partial<WaveDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const labels: Record<string, string> = {
    name: t("programme.wavesAdmin.name"),
    startMonth: t("programme.wavesAdmin.startMonth"),
    plannedCount: t("programme.wavesAdmin.plannedCount"),
    schoolNetwork: t("programme.wavesAdmin.schoolNetwork"),
    districts: t("programme.wavesAdmin.districts"),
    ...Object.fromEntries(
      draft.districts.map((code) => [
        shareField(code),
        t("programme.wavesAdmin.share", { district: districtName(code) }),
      ]),
    ),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    const local = waveLocalErrors(draft, t);
    setErrors(local);
    if (Object.keys(local).length > 0) return setProblem(t("programme.admin.problem"));
    const input = waveInput(draft);
    try {
      const result = props.wave
        ? (
            await update({
              variables: { id: props.wave.id, expectedVersion: props.wave.version, input },
            })
          ).data?.updateDeviceWave
        : (
            await create({
              variables: {
                input: { ...input, schoolNetwork: input.schoolNetwork || null },
                idempotencyKey: submission.keyFor(input),
              },
            })
          ).data?.createDeviceWave;
      switch (result?.__typename) {
        case "DeviceWave":
          submission.done();
          return props.onSaved(result, !props.wave);
        case "ValidationError":
          setErrors(waveServerErrors(fieldErrorMap(result.fields, locale), draft));
          return setProblem(t("programme.admin.problem"));
        case "ConflictError":
          return props.onRefused("conflict");
        case "NotFoundError":
          return props.onRefused("notFound");
      }
      setProblem(t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  const busy = creating.loading || updating.loading;
  return (
    <form
      className="form wave-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="wave-form-heading"
    >
      <ErrorSummary errors={errors} labels={labels} message={problem} />
      <TextField
        name="name"
        label={t("programme.wavesAdmin.name")}
        hint={t("programme.wavesAdmin.nameHint")}
        required
        autoComplete="off"
        maxLength={120}
        value={draft.name}
        error={errors.name}
        onChange={(e) => change({ name: e.target.value })}
      />
      <TextField
        name="startMonth"
        type="month"
        label={t("programme.wavesAdmin.startMonth")}
        hint={t("programme.wavesAdmin.startMonthHint")}
        required
        placeholder="2026-09"
        value={draft.startMonth}
        error={errors.startMonth}
        onChange={(e) => change({ startMonth: e.target.value })}
      />
      <TextField
        name="plannedCount"
        inputMode="numeric"
        autoComplete="off"
        label={t("programme.wavesAdmin.plannedCount")}
        hint={t("programme.wavesAdmin.plannedCountHint")}
        required
        value={draft.plannedCount}
        error={errors.plannedCount}
        onChange={(e) => change({ plannedCount: e.target.value })}
      />
      <TextField
        name="schoolNetwork"
        label={t("programme.wavesAdmin.schoolNetwork")}
        hint={t("programme.wavesAdmin.schoolNetworkHint")}
        autoComplete="off"
        maxLength={200}
        value={draft.schoolNetwork}
        error={errors.schoolNetwork}
        onChange={(e) => change({ schoolNetwork: e.target.value })}
      />
      <CheckboxGroup
        name="districts"
        legend={t("programme.wavesAdmin.districts")}
        className="wave-districts"
        options={districts.map((d) => ({ value: d.code, label: d.name }))}
        selected={draft.districts}
        error={errors.districts}
        onChange={(selected) => change({ districts: selected })}
      />
      {draft.districts.length > 0 && (
        <fieldset className="form-section wave-shares">
          <legend>{t("programme.wavesAdmin.shares")}</legend>
          <p className="hint">{t("programme.wavesAdmin.sharesHint")}</p>
          {draft.districts.map((code) => (
            <TextField
              key={code}
              name={shareField(code)}
              inputMode="numeric"
              autoComplete="off"
              label={t("programme.wavesAdmin.share", { district: districtName(code) })}
              value={draft.shares[code] ?? ""}
              error={errors[shareField(code)]}
              onChange={(e) => change({ shares: { ...draft.shares, [code]: e.target.value } })}
            />
          ))}
        </fieldset>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy
            ? t("programme.sending")
            : props.wave
              ? t("programme.wavesAdmin.submitEdit")
              : t("programme.wavesAdmin.submitNew")}
        </button>
        {props.wave && (
          <button type="button" className="button button-secondary" onClick={props.onCancel}>
            {t("programme.admin.cancelEdit")}
          </button>
        )}
      </div>
    </form>
  );
}
