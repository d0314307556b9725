import type { ReactNode } from "react";

/**
 * A table in a region that scrolls sideways on narrow screens, reachable by keyboard (it is
 * focusable) and named by its caption. `caption` defaults to `label`, the region's name.
 */
export function ScrollTable(props: {
  label: string;
  caption?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={props.label}>
      <table className={props.className ?? "data-table"}>
        <caption>{props.caption ?? props.label}</caption>
        {props.children}
      </table>
    </div>
  );
}
