import { useId } from "react";

/**
 * A progress bar that never relies on colour alone: the figures are written next to it, and
 * assistive technologies read the same sentence (aria-valuetext). Beyond 100 % the bar is full.
 */
export function ProgressMeter(props: { label: string; value: number; max: number; text: string }) {
  const id = useId();
  const ratio = props.max > 0 ? props.value / props.max : 0;
  const width = Math.min(1, Math.max(0, ratio)) * 100;
  return (
    <div className="meter">
      <p className="meter-label" id={`${id}-label`}>
        {props.label}
      </p>
      <div
        className="meter-track"
        role="progressbar"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={Math.max(props.max, 0)}
        aria-valuenow={Math.min(props.value, Math.max(props.max, 0))}
        aria-valuetext={props.text}
      >
        <span
          className={`meter-fill${ratio >= 1 ? " meter-done" : ""}`}
          style={{ width: `${width}%` }}
        />
      </div>
      <p className="meter-text">{props.text}</p>
    </div>
  );
}
