import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { AllocationDetailFragment } from "@/gql/graphql";
import { TextField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import { charterErrors, emptyCharter } from "../hooks/charter";
import { parisToday } from "../hooks/format";
import { type Step, type StepOutcome, useAllocationSteps } from "../hooks/useAllocationSteps";
import { CharterFields } from "./CharterFields";

type Done = (message: string) => void;

/** Runs a step; keeps its refusal (message and fields) for the form that asked. */
function useStep(allocation: AllocationDetailFragment, onDone: Done, success: string) {
  const run = useAllocationSteps();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Exclude<StepOutcome, { ok: true }> | null>(null);
  async function go(step: Step) {
    setBusy(true);
    setRefusal(null);
    const outcome = await run(allocation, step);
    setBusy(false);
    if (outcome.ok) onDone(success);
    else setRefusal(outcome);
  }
  return { busy, refusal, fields: refusal?.fields ?? {}, go };
}

/** A refusal said where the person acts; it takes the focus so it is read at once. */
function Refusal(props: { message: string | null; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.message) ref.current?.focus();
  }, [props.message]);
  if (!props.message) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <strong>{props.message}</strong>
      </p>
      {props.children}
    </div>
  );
}

/** Records the charter: its day and the three signatories. */
export function CharterStep(props: { allocation: AllocationDetailFragment; onDone: Done }) {
  const { t } = useI18n();
  const step = useStep(props.allocation, props.onDone, t("programme.charter.saved"));
  const [charter, setCharter] = useState(emptyCharter);
  const [local, setLocal] = useState<FieldErrorMap>({});
  const errors = { ...step.fields, ...local };

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = charterErrors(charter, "", t("form.required"));
    setLocal(missing);
    if (Object.keys(missing).length === 0) void step.go({ kind: "sign", charter });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="charter-heading">
      <p className="hint">{t("programme.charter.rule")}</p>
      <Refusal message={step.refusal?.message ?? null} />
      <CharterFields
        prefix=""
        value={charter}
        errors={errors}
        onChange={(patch) => setCharter((c) => ({ ...c, ...patch }))}
      />
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {t("programme.charter.save")}
      </button>
    </form>
  );
}

/** Marks the device as handed to the family; the server refuses it before the charter. */
export function DeliveryStep(props: { allocation: AllocationDetailFragment; onDone: Done }) {
  const { t } = useI18n();
  const step = useStep(props.allocation, props.onDone, t("programme.deliver.saved"));
  const [on, setOn] = useState(parisToday);
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(!on);
    if (on) void step.go({ kind: "deliver", on });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="delivery-heading">
      {!props.allocation.charterSigned && (
        <p className="hint">{t("programme.deliver.needsCharter")}</p>
      )}
      <Refusal message={step.refusal?.message ?? null}>
        {step.refusal?.reason === "charter" && (
          <p>
            <a href="#charter-heading">{t("programme.deliver.toCharter")}</a>
          </p>
        )}
      </Refusal>
      <TextField
        name="deliveredOn"
        type="date"
        label={t("programme.deliver.on")}
        required
        max={parisToday()}
        value={on}
        error={missing ? t("form.required") : step.fields.deliveredOn}
        onChange={(e) => setOn(e.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {t("programme.deliver.submit")}
      </button>
    </form>
  );
}

/** The family gave the device back. */
export function ReturnStep(props: { allocation: AllocationDetailFragment; onDone: Done }) {
  const { t } = useI18n();
  const step = useStep(props.allocation, props.onDone, t("programme.return.saved"));
  const [on, setOn] = useState(parisToday);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void step.go({ kind: "giveBack", on });
      }}
      noValidate
      aria-labelledby="return-heading"
    >
      <Refusal message={step.refusal?.message ?? null} />
      <TextField
        name="returnedOn"
        type="date"
        label={t("programme.return.on")}
        required
        max={parisToday()}
        value={on}
        error={step.fields.returnedOn}
        onChange={(e) => setOn(e.target.value)}
      />
      <button type="submit" className="button button-secondary" disabled={step.busy}>
        {t("programme.return.submit")}
      </button>
    </form>
  );
}

/** Cancels a loan not delivered yet (asks once more): the device goes back in stock. */
export function CancelStep(props: { allocation: AllocationDetailFragment; onDone: Done }) {
  const { t } = useI18n();
  const step = useStep(props.allocation, props.onDone, t("programme.cancel.saved"));
  const [confirming, setConfirming] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  return (
    <div>
      <Refusal message={step.refusal?.message ?? null} />
      {confirming ? (
        <div className="button-row">
          <p>{t("programme.cancel.confirmText")}</p>
          <button
            ref={confirm}
            type="button"
            className="button button-danger"
            disabled={step.busy}
            onClick={() => void step.go({ kind: "cancel" })}
          >
            {t("programme.cancel.confirm")}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setConfirming(false)}
          >
            {t("programme.cancel.keep")}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setConfirming(true)}
        >
          {t("programme.cancel.start")}
        </button>
      )}
    </div>
  );
}
