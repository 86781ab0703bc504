"use client";

import { useEffect, useRef, useState } from "react";

import { useDebouncedValue } from "../hooks/use-debounced-value";
import { Input } from "../ui/controls";

/**
 * The list's search field: the list follows what is typed after a short
 * pause. `value` is the search in the URL; when it changes by itself (Back,
 * "Clear filters") the field shows it. "/" anywhere on the page focuses it.
 */
export function CustomerSearchBox({ value, onSearch }: { value: string; onSearch: (search: string) => void }) {
  const [text, setText] = useState(value);
  const [sent, setSent] = useState(value);
  if (value !== sent) {
    setSent(value);
    setText(value);
  }

  const debounced = useDebouncedValue(text, 250);
  useEffect(() => {
    // `debounced === text`: the typing has paused (not a stale value left from before the URL changed)
    if (debounced === text && debounced !== sent) {
      setSent(debounced);
      onSearch(debounced);
    }
  }, [debounced, text, sent, onSearch]);

  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const focusOnSlash = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== "/" || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener("keydown", focusOnSlash);
    return () => document.removeEventListener("keydown", focusOnSlash);
  }, []);

  return (
    <div className="w-full max-w-sm space-y-1.5">
      <label htmlFor="customer-search" className="block text-sm font-medium text-zinc-700">
        Search
      </label>
      <Input
        ref={input}
        id="customer-search"
        type="search"
        placeholder="Name or reference"
        autoComplete="off"
        aria-keyshortcuts="/"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && text) {
            event.preventDefault();
            setText("");
          }
        }}
      />
    </div>
  );
}
