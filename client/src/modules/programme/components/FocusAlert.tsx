import { type ReactNode, useEffect, useRef } from "react";

/**
 * A refusal or a change made meanwhile, said where the person acts: it takes the focus when it
 * appears (or changes) so that a screen reader reads it at once. `id` changes re-announce it.
 */
export function FocusAlert(props: { message: string | null; id?: number; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.message) ref.current?.focus();
  }, [props.message, props.id]);
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
