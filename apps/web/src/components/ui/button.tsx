import type { ComponentProps } from "react";

import { cx } from "./cx";

const variants = {
  primary: "bg-indigo-600 text-white shadow-xs hover:bg-indigo-500 disabled:bg-indigo-300",
  secondary: "bg-white text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 hover:bg-zinc-50 disabled:text-zinc-400",
  ghost: "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:text-zinc-400",
} as const;

export type ButtonProps = ComponentProps<"button"> & { variant?: keyof typeof variants };

/** A button's look, for a link that acts as one (a download, another page). */
export function buttonClasses(variant: keyof typeof variants = "secondary", className?: string) {
  return cx(
    "inline-flex h-8 shrink-0 items-center justify-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors disabled:cursor-not-allowed",
    variants[variant],
    className,
  );
}

/** A button that never submits a form unless asked to (`type="submit"`). */
export function Button({ variant = "secondary", type = "button", className, ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}
