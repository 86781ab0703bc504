/**
 * A labelled form control with its hint and its error. The control receives
 * the ids that tie them together: `aria-invalid` when refused, and
 * `aria-describedby` naming the hint and the error message, so a screen
 * reader reads the refusal when the control gets focus.
 */
import type { ReactNode } from "react";

import { cx } from "./cx";

export interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

export const labelId = (id: string) => `${id}-label`;
const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

export function controlProps(id: string, state: { hint?: ReactNode; error?: string }): ControlProps {
  const describedBy = [state.hint ? hintId(id) : null, state.error ? errorId(id) : null].filter(Boolean).join(" ");
  return {
    id,
    ...(state.error ? { "aria-invalid": true } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
  };
}

export function FieldHint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={hintId(id)} className="text-xs text-zinc-500">
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={errorId(id)} className="text-xs font-medium text-red-600">
      {message}
    </p>
  );
}

export function Field(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const { id, label, hint, error } = props;
  return (
    <div className={cx("space-y-1.5", props.className)}>
      <label id={labelId(id)} htmlFor={id} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      {props.children(controlProps(id, { hint, error }))}
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldError id={id} message={error} />
    </div>
  );
}
