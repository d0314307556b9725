import { useMutation, useQuery } from "@apollo/client/react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  AdminDevicesDocument,
  type DeviceAdminFragment,
  type DeviceOutcomeFragment,
  type DeviceStatus,
  RestockDeviceDocument,
  RetireDeviceDocument,
} from "@/gql/graphql";
import { SelectField, TextField } from "@/shared/components/Field";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { DeviceForm, type DeviceRefusal } from "./DeviceForm";
import { FocusAlert } from "./FocusAlert";
import { PilotageTabs } from "./PilotageTabs";
import "../programme.css";

const PAGE = 50;
const STATUSES: DeviceStatus[] = ["IN_STOCK", "ALLOCATED", "DELIVERED", "RETURNED", "RETIRED"];
/** The moves coordinators make (loans make the others): as the server's device.lifecycle.ts. */
const mayRestock = (s: DeviceStatus) => s === "RETURNED";
const mayRetire = (s: DeviceStatus) => s === "IN_STOCK" || s === "RETURNED";

type Move = "restock" | "retire";

/** A device's buttons: edit, back in stock when returned, retire (asked once more). */
function DeviceActions(props: {
  device: DeviceAdminFragment;
  busy: boolean;
  confirming: boolean;
  onEdit(): void;
  onMove(move: Move): void;
  onConfirm(confirming: boolean): void;
}) {
  const { t } = useI18n();
  const d = props.device;
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.confirming) confirm.current?.focus();
  }, [props.confirming]);
  const which = <span className="visually-hidden"> {d.inventoryId}</span>;
  if (props.confirming)
    return (
      <div className="device-confirm">
        <p>{t("programme.devicesAdmin.retireConfirmText", { inventoryId: d.inventoryId })}</p>
        <div className="button-row">
          <button
            ref={confirm}
            type="button"
            className="button button-danger"
            disabled={props.busy}
            onClick={() => props.onMove("retire")}
          >
            {t("programme.devicesAdmin.retireConfirm", { inventoryId: d.inventoryId })}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => props.onConfirm(false)}
          >
            {t("programme.devicesAdmin.retireKeep")}
          </button>
        </div>
      </div>
    );
  return (
    <div className="button-row device-actions">
      <button type="button" className="button button-secondary" onClick={props.onEdit}>
        {t("programme.admin.edit")}
        {which}
      </button>
      {mayRestock(d.status) && (
        <button
          type="button"
          className="button button-secondary"
          disabled={props.busy}
          onClick={() => props.onMove("restock")}
        >
          {t("programme.devicesAdmin.restock")}
          {which}
        </button>
      )}
      {mayRetire(d.status) && (
        <button
          type="button"
          className="button button-secondary"
          disabled={props.busy}
          onClick={() => props.onConfirm(true)}
        >
          {t("programme.devicesAdmin.retire")}
          {which}
        </button>
      )}
    </div>
  );
}

/**
 * Pilotage → Programme → devices (coordinators and admins): find devices, register one with its
 * origin, correct one, put a returned one back in stock, retire one. Every change carries the
 * device's version: a change made meanwhile is refused, said, and the list reloaded.
 */
export function DevicesAdminPage() {
  const { t, number } = useI18n();
  usePageTitle(t("programme.devicesAdmin.title"));
  const [text, setText] = useState("");
  const [status, setStatus] = useState<DeviceStatus | "">("");
  const [applied, setApplied] = useState<{ text: string; status: DeviceStatus | "" }>({
    text: "",
    status: "",
  });
  const filter = {
    text: applied.text || null,
    statuses: applied.status ? [applied.status] : null,
  };
  const { data, loading, error, refetch, fetchMore } = useQuery(AdminDevicesDocument, {
    variables: { first: PAGE, filter },
    fetchPolicy: "cache-and-network",
  });
  const [restock, restocking] = useMutation(RestockDeviceDocument);
  const [retire, retiring] = useMutation(RetireDeviceDocument);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [news, setNews] = useState("");
  const [alert, setAlert] = useState<{ message: string; at: number; where: "list" | "form" }>();
  const heading = useRef<HTMLHeadingElement>(null);
  const newsRef = useRef<HTMLParagraphElement>(null);
  const [focusForm, setFocusForm] = useState(0);
  /** A new, empty form after each creation. */
  const [creations, setCreations] = useState(0);
  useEffect(() => {
    if (focusForm) heading.current?.focus();
  }, [focusForm]);

  const list = data?.devices;
  const devices = list?.edges.map((e) => e.node) ?? [];
  const editing = devices.find((d) => d.id === editingId) ?? null;

  function say(message: string) {
    setAlert(undefined);
    setNews(message);
    newsRef.current?.focus();
  }

  async function refuse(
    reason: DeviceRefusal,
    where: "list" | "form",
    device: { inventoryId: string } | null,
    now?: DeviceStatus,
  ) {
    await refetch().catch(() => undefined);
    const inventoryId = device?.inventoryId ?? "";
    const message =
      reason === "conflict"
        ? t("programme.devicesAdmin.conflict", { inventoryId })
        : reason === "transition"
          ? t("programme.devicesAdmin.transition", {
              inventoryId,
              status: now ? t(`programme.device.status.${now}`) : "",
            })
          : t("programme.devicesAdmin.notFound");
    if (reason === "notFound" && where === "form") setEditingId(null);
    setNews("");
    setAlert({ message, at: Date.now(), where });
  }

  async function move(device: DeviceAdminFragment, which: Move) {
    const variables = { id: device.id, expectedVersion: device.version };
    let result: DeviceOutcomeFragment | undefined;
    try {
      result =
        which === "restock"
          ? (await restock({ variables })).data?.restockDevice
          : (await retire({ variables })).data?.retireDevice;
    } catch {
      setAlert({ message: t("common.error.network"), at: Date.now(), where: "list" });
      return;
    }
    setConfirming(null);
    switch (result?.__typename) {
      case "Device":
        return say(
          t(
            which === "restock"
              ? "programme.devicesAdmin.restocked"
              : "programme.devicesAdmin.retired",
            { inventoryId: result.inventoryId },
          ),
        );
      case "ConflictError":
        return refuse("conflict", "list", device);
      case "InvalidDeviceTransitionError":
        return refuse("transition", "list", device, result.deviceFrom);
      case "NotFoundError":
        return refuse("notFound", "list", device);
    }
    setAlert({ message: t("common.error.hint"), at: Date.now(), where: "list" });
  }

  function search(event: FormEvent) {
    event.preventDefault();
    setApplied({ text: text.trim(), status });
  }

  const more = () =>
    list?.pageInfo.endCursor &&
    fetchMore({
      variables: { after: list.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        devices: {
          ...fetchMoreResult.devices,
          edges: [...(previous.devices?.edges ?? []), ...fetchMoreResult.devices.edges],
        },
      }),
    });

  return (
    <div className="dashboard programme-dashboard programme-admin">
      <h1>{t("programme.devicesAdmin.title")}</h1>
      <PilotageTabs />
      <p>{t("programme.devicesAdmin.intro")}</p>
      <p className="status-message" aria-live="polite" tabIndex={-1} ref={newsRef}>
        {news}
      </p>
      <section aria-labelledby="devices-list-heading" className="panel">
        <h2 id="devices-list-heading">{t("programme.devicesAdmin.filters")}</h2>
        <form className="device-filters" role="search" onSubmit={search}>
          <TextField
            name="text"
            type="search"
            label={t("programme.devicesAdmin.text")}
            autoComplete="off"
            maxLength={100}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <SelectField
            name="status"
            label={t("programme.devicesAdmin.status")}
            placeholder={t("programme.devicesAdmin.allStatuses")}
            options={STATUSES.map((s) => ({ value: s, label: t(`programme.device.status.${s}`) }))}
            value={status}
            onChange={(e) => setStatus(e.target.value as DeviceStatus | "")}
          />
          <button type="submit" className="button button-secondary">
            {t("programme.devicesAdmin.search")}
          </button>
        </form>
        <FocusAlert message={alert?.where === "list" ? alert.message : null} id={alert?.at} />
        {loading && !list ? (
          <LoadingState />
        ) : error && !list ? (
          <ErrorState onRetry={() => void refetch()} />
        ) : !list || devices.length === 0 ? (
          <EmptyState title={t("programme.devicesAdmin.none")} />
        ) : (
          <>
            <p className="hint" aria-live="polite">
              {t("programme.devicesAdmin.count", {
                shown: number(devices.length),
                total: number(list.totalCount),
              })}
            </p>
            <ScrollTable label={t("programme.devicesAdmin.caption")}>
              <thead>
                <tr>
                  <th scope="col">{t("programme.devicesAdmin.inventoryId")}</th>
                  <th scope="col">{t("programme.devicesAdmin.kind")}</th>
                  <th scope="col">{t("programme.devicesAdmin.origin")}</th>
                  <th scope="col">{t("programme.devicesAdmin.status")}</th>
                  <th scope="col">{t("programme.admin.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <span className="reference">{d.inventoryId}</span>
                    </th>
                    <td>{t(`programme.device.kind.${d.kind}`)}</td>
                    <td>{d.origin}</td>
                    <td>
                      <span className={`tag device-${d.status.toLowerCase().replace("_", "-")}`}>
                        {t(`programme.device.status.${d.status}`)}
                      </span>
                    </td>
                    <td>
                      <DeviceActions
                        device={d}
                        busy={restocking.loading || retiring.loading}
                        confirming={confirming === d.id}
                        onConfirm={(on) => setConfirming(on ? d.id : null)}
                        onMove={(which) => void move(d, which)}
                        onEdit={() => {
                          setEditingId(d.id);
                          setConfirming(null);
                          setAlert(undefined);
                          setNews("");
                          setFocusForm((n) => n + 1);
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {list.pageInfo.hasNextPage && (
              <button type="button" className="button button-secondary" onClick={() => void more()}>
                {t("programme.devicesAdmin.more")}
              </button>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="device-form-heading" className="panel">
        <h2 id="device-form-heading" tabIndex={-1} ref={heading}>
          {editing
            ? t("programme.devicesAdmin.editing", { inventoryId: editing.inventoryId })
            : t("programme.devicesAdmin.new")}
        </h2>
        <FocusAlert message={alert?.where === "form" ? alert.message : null} id={alert?.at} />
        <DeviceForm
          key={editing ? `${editing.id}@${editing.version}` : `new-${creations}`}
          device={editing}
          onSaved={(device, created) => {
            setEditingId(null);
            if (created) setCreations((n) => n + 1);
            say(
              t(created ? "programme.devicesAdmin.created" : "programme.devicesAdmin.saved", {
                inventoryId: device.inventoryId,
              }),
            );
          }}
          onRefused={(reason) => void refuse(reason, "form", editing)}
          onCancel={() => {
            setEditingId(null);
            setAlert(undefined);
            setFocusForm((n) => n + 1);
          }}
        />
      </section>
    </div>
  );
}
