import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  AdminDevicesDocument,
  CreateDeviceDocument,
  type DeviceAdminFragment,
  type DeviceKind,
  UpdateDeviceDocument,
} from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { SelectField, TextField } from "@/shared/components/Field";
import { useIdempotencyKey } from "@/shared/forms/useIdempotencyKey";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

export const DEVICE_KINDS: DeviceKind[] = ["LAPTOP", "DESKTOP", "TABLET", "SMARTPHONE", "OTHER"];

export type DeviceRefusal = "conflict" | "notFound" | "transition";

interface DeviceDraft {
  inventoryId: string;
  kind: DeviceKind | "";
  origin: string;
}

/**
 * Registers a device (in stock), or corrects one's inventory number, kind or origin with its
 * version. Errors are shown next to their fields and listed above them.
 */
export function DeviceForm(props: {
  device: DeviceAdminFragment | null;
  onSaved(device: DeviceAdminFragment, created: boolean): void;
  onRefused(reason: DeviceRefusal): void;
  onCancel(): void;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<DeviceDraft>(() => ({
    inventoryId: props.device?.inventoryId ?? "",
    kind: props.device?.kind ?? "",
    origin: props.device?.origin ?? "",
  }));
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | undefined>();
  const submission = useIdempotencyKey();
  const [create, creating] = useMutation(CreateDeviceDocument, {
    refetchQueries: [AdminDevicesDocument],
    awaitRefetchQueries: true,
  });
  const [update, updating] = useMutation(UpdateDeviceDocument);
  const change = (patch: Partial<DeviceDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const labels = {
    inventoryId: t("programme.devicesAdmin.inventoryId"),
    kind: t("programme.devicesAdmin.kind"),
    origin: t("programme.devicesAdmin.origin"),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    const local: FieldErrorMap = {};
    if (!draft.inventoryId.trim()) local.inventoryId = t("form.required");
    if (!draft.kind) local.kind = t("form.required");
    if (!draft.origin.trim()) local.origin = t("form.required");
    setErrors(local);
    if (Object.keys(local).length > 0 || !draft.kind)
      return setProblem(t("programme.admin.problem"));
    const input = {
      inventoryId: draft.inventoryId.trim(),
      kind: draft.kind,
      origin: draft.origin.trim(),
    };
    try {
      const result = props.device
        ? (
            await update({
              variables: { id: props.device.id, expectedVersion: props.device.version, input },
            })
          ).data?.updateDevice
        : (await create({ variables: { input, idempotencyKey: submission.keyFor(input) } })).data
            ?.createDevice;
      switch (result?.__typename) {
        case "Device":
          submission.done();
          return props.onSaved(result, !props.device);
        case "ValidationError":
          setErrors(fieldErrorMap(result.fields, locale));
          return setProblem(t("programme.admin.problem"));
        case "ConflictError":
          return props.onRefused("conflict");
        case "NotFoundError":
          return props.onRefused("notFound");
        case "InvalidDeviceTransitionError":
          return props.onRefused("transition");
      }
      setProblem(t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  const busy = creating.loading || updating.loading;
  return (
    <form
      className="form device-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="device-form-heading"
    >
      <ErrorSummary errors={errors} labels={labels} message={problem} />
      <TextField
        name="inventoryId"
        label={labels.inventoryId}
        hint={t("programme.devicesAdmin.inventoryIdHint")}
        required
        autoComplete="off"
        spellCheck={false}
        maxLength={60}
        value={draft.inventoryId}
        error={errors.inventoryId}
        onChange={(e) => change({ inventoryId: e.target.value })}
      />
      <SelectField
        name="kind"
        label={labels.kind}
        required
        placeholder={t("programme.choose")}
        options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`programme.device.kind.${k}`) }))}
        value={draft.kind}
        error={errors.kind}
        onChange={(e) => change({ kind: e.target.value as DeviceKind | "" })}
      />
      <TextField
        name="origin"
        label={labels.origin}
        hint={t("programme.devicesAdmin.originHint")}
        required
        autoComplete="organization"
        maxLength={200}
        value={draft.origin}
        error={errors.origin}
        onChange={(e) => change({ origin: e.target.value })}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy
            ? t("programme.sending")
            : props.device
              ? t("programme.devicesAdmin.submitEdit")
              : t("programme.devicesAdmin.submitNew")}
        </button>
        {props.device && (
          <button type="button" className="button button-secondary" onClick={props.onCancel}>
            {t("programme.admin.cancelEdit")}
          </button>
        )}
      </div>
    </form>
  );
}
