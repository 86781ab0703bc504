"use client";

/**
 * A search-as-you-type picker following the WAI-ARIA combobox pattern (an
 * editable input with a listbox popup): typing or ArrowDown opens the list,
 * ArrowUp/ArrowDown move the active option, Enter picks it, Escape closes and
 * restores the picked value, and focus never leaves the input (options are
 * announced through `aria-activedescendant`).
 *
 * The caller owns the options: it is told what was typed and whether the list
 * is open, and fetches accordingly.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";

import { cx } from "./cx";
import type { ControlProps } from "./field";

export interface ComboboxOption {
  id: number;
  label: string;
  /** Shown beside the label, e.g. the object's reference. */
  detail?: string;
}

export interface ComboboxProps extends ControlProps {
  /** The id of the visible label, which also names the listbox. */
  labelledBy: string;
  value: ComboboxOption | null;
  onChange: (value: ComboboxOption | null) => void;
  onBlur?: () => void;
  inputRef?: (element: HTMLInputElement | null) => void;
  options: readonly ComboboxOption[];
  isLoading: boolean;
  onSearchChange: (search: string) => void;
  onOpenChange: (isOpen: boolean) => void;
  /** Accessible name of the button that empties the field; without it the field cannot be emptied. */
  clearLabel?: string;
  placeholder?: string;
}

export function Combobox(props: ComboboxProps) {
  const { id, value, options, onChange, onSearchChange, onOpenChange, clearLabel } = props;
  const listboxId = `${id}-listbox`;
  const inputElement = useRef<HTMLInputElement | null>(null);
  const [isOpen, setIsOpen] = useState(false);
  // null while the input shows the picked value; the typed text otherwise
  const [typed, setTyped] = useState<string | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);

  const active = isOpen && options.length > 0 ? Math.min(activeIndex, options.length - 1) : -1;
  const activeOption = active >= 0 ? options[active] : undefined;
  const optionId = (option: ComboboxOption) => `${id}-option-${option.id}`;

  const setOpen = (next: boolean) => {
    setIsOpen(next);
    onOpenChange(next);
  };

  const openList = () => {
    if (isOpen) return;
    if (typed === null) onSearchChange("");
    setActiveIndex(Math.max(0, options.findIndex((option) => option.id === value?.id)));
    setOpen(true);
  };

  const closeList = () => {
    setOpen(false);
    setTyped(null);
  };

  const pick = (option: ComboboxOption | null) => {
    onChange(option);
    closeList();
  };

  const type = (text: string) => {
    setTyped(text);
    onSearchChange(text);
    setActiveIndex(0);
    if (!isOpen) setOpen(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen) openList();
        else setActiveIndex(Math.min(active + 1, options.length - 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (isOpen) setActiveIndex(Math.max(active - 1, 0));
        break;
      case "Enter":
        // inside the open list Enter picks; it must not submit the form
        if (isOpen) {
          event.preventDefault();
          if (activeOption) pick(activeOption);
        }
        break;
      case "Escape":
        if (isOpen || typed !== null) {
          event.preventDefault();
          event.stopPropagation();
          closeList();
        }
        break;
    }
  };

  const onBlur = () => {
    // typing the field empty and leaving it is how a keyboard user clears it
    if (typed === "" && clearLabel) onChange(null);
    if (isOpen || typed !== null) closeList();
    props.onBlur?.();
  };

  const { inputRef } = props;
  const setInput = useCallback(
    (element: HTMLInputElement | null) => {
      inputElement.current = element;
      inputRef?.(element);
    },
    [inputRef],
  );

  const activeId = activeOption ? optionId(activeOption) : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  return (
    <div className="relative">
      <input
        ref={setInput}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={isOpen}
        aria-controls={isOpen ? listboxId : undefined}
        aria-activedescendant={activeId}
        aria-invalid={props["aria-invalid"]}
        aria-describedby={props["aria-describedby"]}
        placeholder={props.placeholder}
        value={typed ?? value?.label ?? ""}
        onChange={(event) => type(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        onClick={openList}
        className={cx(
          "block h-8 w-full rounded-md border-0 bg-white py-1.5 pl-2.5 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-500 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-[invalid=true]:ring-red-500",
          value && clearLabel ? "pr-14" : "pr-8",
        )}
      />
      <div className="absolute inset-y-0 right-1 flex items-center">
        {value && clearLabel ? (
          <button
            type="button"
            aria-label={clearLabel}
            onClick={() => {
              onChange(null);
              inputElement.current?.focus();
            }}
            className="rounded p-1 text-zinc-500 hover:text-zinc-700"
          >
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.75">
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </button>
        ) : null}
        <svg aria-hidden="true" viewBox="0 0 16 16" className="pointer-events-none size-4 text-zinc-400" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M5 6.5l3 3 3-3" />
        </svg>
      </div>
      {isOpen ? (
        <div
          // a click on the list must not blur the input (that would close the list before the pick)
          onMouseDown={(event) => event.preventDefault()}
          className="absolute z-20 mt-1 w-full overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-zinc-900/10"
        >
          <ul role="listbox" id={listboxId} aria-labelledby={props.labelledBy} className="max-h-64 overflow-auto py-1">
            {options.map((option, index) => (
              <li
                key={option.id}
                id={optionId(option)}
                role="option"
                aria-selected={index === active}
                onClick={() => pick(option)}
                onMouseMove={() => index !== active && setActiveIndex(index)}
                className={cx(
                  "flex cursor-default items-center justify-between gap-3 px-2.5 py-1.5",
                  index === active && "bg-indigo-50 text-indigo-900",
                )}
              >
                <span className={cx("truncate", option.id === value?.id && "font-semibold")}>{option.label}</span>
                {option.detail ? <span className="shrink-0 text-xs text-zinc-500">{option.detail}</span> : null}
              </li>
            ))}
          </ul>
          {options.length === 0 ? (
            <p className="px-2.5 py-2 text-zinc-500">{props.isLoading ? "Searching…" : "No matches"}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
