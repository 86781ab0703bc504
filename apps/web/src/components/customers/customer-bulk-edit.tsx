"use client";

/**
 * Bulk edit from the list: the bar that counts the ticked customers, and the
 * dialog where the user turns on the fields to change, sets their values,
 * previews what each customer would get (nothing written), then applies.
 * Each customer is saved alone by the server: a refused one stays as it was
 * and does not stop the others, and the dialog says so.
 */
import {
  type CustomerBulkEditField,
  customerBulkEditFields,
  customerFieldLabel,
  CustomerFormPatch,
  formMessageOf,
} from "@cr/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

import { useTRPC } from "~/trpc/react";
import type { RouterInputs, RouterOutputs } from "~/trpc/types";

import { ReferencePicker } from "../customer-editor/reference-pickers";
import { paymentTypeOptionsInput } from "../customer-editor/queries";
import { formatCount } from "../format";
import { Button } from "../ui/button";
import type { ComboboxOption } from "../ui/combobox";
import { Checkbox, Select, Textarea } from "../ui/controls";
import { cx } from "../ui/cx";
import type { CustomerSelection, CustomerSelectionState } from "./customer-selection";

type BulkPatch = RouterInputs["customer"]["bulkUpdate"]["patch"];
type BulkResult = RouterOutputs["customer"]["bulkUpdate"];
type BulkOutcome = BulkResult["customers"][number];

const customersText = (count: number) => `${formatCount(count)} customer${count === 1 ? "" : "s"}`;

/** "3 selected", with the way to widen the selection to every match and to open the editor. */
export function CustomerBulkBar(props: {
  selection: CustomerSelectionState;
  /** The list's total for the filters, and whether it is exact (it is counted up to 1,000). */
  total: number;
  totalIsExact: boolean;
  rowsOnPage: number;
}) {
  const { selection } = props;
  const [isEditing, setIsEditing] = useState(false);
  if (selection.isEmpty && !isEditing) return null;
  const matchingText = `${formatCount(props.total)}${props.totalIsExact ? "" : "+"}`;
  const current = selection.selection;
  return (
    <div
      role="region"
      aria-label="Selection"
      className="flex flex-wrap items-center gap-3 rounded-lg bg-indigo-50 px-3 py-2 text-sm ring-1 ring-indigo-600/20"
    >
      <p role="status" className="font-medium text-indigo-900 tabular-nums">
        {current.kind === "matching" ? `All ${matchingText} matching customers selected` : `${formatCount(current.ids.size)} selected`}
      </p>
      {current.kind === "rows" && (props.total > props.rowsOnPage || !props.totalIsExact) ? (
        <Button variant="ghost" onClick={selection.selectAllMatching}>
          Select all {matchingText} matching the filter
        </Button>
      ) : null}
      <Button variant="ghost" onClick={selection.clear}>
        Clear selection
      </Button>
      <Button variant="primary" className="ml-auto" onClick={() => setIsEditing(true)}>
        Edit selected…
      </Button>
      {isEditing ? (
        <BulkEditDialog
          selection={current}
          onClose={(applied) => {
            setIsEditing(false);
            if (applied) selection.clear();
          }}
        />
      ) : null}
    </div>
  );
}

interface Draft {
  enabled: Record<CustomerBulkEditField, boolean>;
  onHold: boolean;
  onHoldReason: string;
  categoryId: ComboboxOption | null;
  customerSegmentationId: ComboboxOption | null;
  paymentTypes: number[];
  isActive: boolean;
  regionId: ComboboxOption | null;
}

const blankDraft: Draft = {
  enabled: Object.fromEntries(customerBulkEditFields.map((field) => [field, false])) as Draft["enabled"],
  onHold: true,
  onHoldReason: "",
  categoryId: null,
  customerSegmentationId: null,
  paymentTypes: [],
  isActive: true,
  regionId: null,
};

/** The patch of the fields turned on, or the first refusal, in the form's words. */
function patchOf(draft: Draft): { patch: BulkPatch } | { error: string } {
  const values: Record<CustomerBulkEditField, unknown> = {
    onHold: draft.onHold,
    onHoldReason: draft.onHoldReason,
    categoryId: draft.categoryId?.id,
    customerSegmentationId: draft.customerSegmentationId?.id ?? null,
    paymentTypes: draft.paymentTypes,
    isActive: draft.isActive,
    regionId: draft.regionId?.id ?? null,
  };
  const chosen = customerBulkEditFields.filter((field) => draft.enabled[field]);
  if (chosen.length === 0) return { error: "Turn on at least one field to change." };
  // a customer always has a category: there is no "none" to set
  if (draft.enabled.categoryId && !draft.categoryId) return { error: "Choose the category to set." };
  const parsed = CustomerFormPatch.safeParse(Object.fromEntries(chosen.map((field) => [field, values[field]])));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "A value is not valid." };
  return { patch: parsed.data as BulkPatch };
}

type Step =
  | { name: "edit" }
  | { name: "preview"; patch: BulkPatch; result: BulkResult }
  | { name: "applied"; result: BulkResult };

function BulkEditDialog({ selection, onClose }: { selection: CustomerSelection; onClose: (applied: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<Draft>(blankDraft);
  const [step, setStep] = useState<Step>({ name: "edit" });
  const [error, setError] = useState<string | null>(null);
  const organization = useQuery(trpc.organization.current.queryOptions());
  const bulkUpdate = useMutation(trpc.customer.bulkUpdate.mutationOptions());

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const selectionInput: RouterInputs["customer"]["bulkUpdate"]["selection"] =
    selection.kind === "rows" ? { ids: [...selection.ids] } : { filter: selection.filter };
  const close = () => onClose(step.name === "applied");

  async function send(patch: BulkPatch, preview: boolean) {
    setError(null);
    try {
      return await bulkUpdate.mutateAsync({ selection: selectionInput, patch, preview });
    } catch (caught) {
      const failure = caught as { message: string; data?: { domainCode?: string | null; field?: string | null } | null };
      setError(
        formMessageOf({
          code: (failure.data?.domainCode ?? null) as Parameters<typeof formMessageOf>[0]["code"],
          field: failure.data?.field,
          message: failure.message,
        }),
      );
      return undefined;
    }
  }

  async function preview() {
    const built = patchOf(draft);
    if ("error" in built) {
      setError(built.error);
      return;
    }
    const result = await send(built.patch, true);
    if (result) setStep({ name: "preview", patch: built.patch, result });
  }

  async function apply() {
    if (step.name !== "preview") return;
    const result = await send(step.patch, false);
    if (!result) return;
    setStep({ name: "applied", result });
    void queryClient.invalidateQueries(trpc.customer.list.pathFilter());
    void queryClient.invalidateQueries(trpc.customer.byId.pathFilter());
    void queryClient.invalidateQueries(trpc.customer.history.pathFilter());
  }

  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  const setEnabled = (field: CustomerBulkEditField, on: boolean) =>
    setDraft((current) => ({ ...current, enabled: { ...current.enabled, [field]: on } }));
  const fieldRow = (field: CustomerBulkEditField, control: (id: string) => ReactNode) => (
    <FieldRow key={field} field={field} enabled={draft.enabled[field]} onEnabled={(on) => setEnabled(field, on)}>
      {control}
    </FieldRow>
  );

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      // Escape cancels, as the Cancel button does, but never while the changes are being written
      onCancel={(event) => {
        event.preventDefault();
        if (!(bulkUpdate.isPending && step.name === "preview")) close();
      }}
      className="m-auto max-h-[90vh] w-full max-w-3xl overflow-y-auto rounded-lg bg-white p-0 text-sm text-zinc-900 shadow-xl ring-1 ring-zinc-900/10 backdrop:bg-zinc-900/40"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-base font-semibold">
          Edit {selection.kind === "rows" ? customersText(selection.ids.size) : "every matching customer"}
        </h2>
        <p className="text-zinc-600">
          Each customer is saved on its own: one that is refused stays as it was and does not stop the others.
        </p>

        {step.name === "edit" ? (
          <div className="divide-y divide-zinc-100">
            {fieldRow("onHold", (id) => (
              <Select id={id} value={String(draft.onHold)} onChange={(event) => set({ onHold: event.target.value === "true" })}>
                <option value="true">On hold</option>
                <option value="false">Not on hold</option>
              </Select>
            ))}
            {fieldRow("onHoldReason", (id) => (
              <Textarea id={id} value={draft.onHoldReason} onChange={(event) => set({ onHoldReason: event.target.value })} />
            ))}
            {fieldRow("categoryId", (id) => (
              <ReferencePicker
                kind="category"
                id={id}
                labelledBy={`${id}-label`}
                placeholder="Search categories"
                value={draft.categoryId}
                onChange={(categoryId) => set({ categoryId })}
              />
            ))}
            {fieldRow("customerSegmentationId", (id) => (
              <ReferencePicker
                kind="segmentation"
                id={id}
                labelledBy={`${id}-label`}
                placeholder="None: clears the segmentation"
                clearLabel="Clear segmentation"
                value={draft.customerSegmentationId}
                onChange={(customerSegmentationId) => set({ customerSegmentationId })}
              />
            ))}
            {fieldRow("paymentTypes", (id) => (
              <PaymentTypeChoice id={id} value={draft.paymentTypes} onChange={(paymentTypes) => set({ paymentTypes })} />
            ))}
            {fieldRow("isActive", (id) => (
              <Select id={id} value={String(draft.isActive)} onChange={(event) => set({ isActive: event.target.value === "true" })}>
                <option value="true">Active</option>
                <option value="false">Inactive</option>
              </Select>
            ))}
            {/* the update ignores regions where the organization has no geographic locations */}
            {organization.data?.geoLocationsEnabled
              ? fieldRow("regionId", (id) => (
                  <ReferencePicker
                    kind="region"
                    id={id}
                    labelledBy={`${id}-label`}
                    placeholder="None: clears the region"
                    clearLabel="Clear region"
                    value={draft.regionId}
                    onChange={(regionId) => set({ regionId })}
                  />
                ))
              : null}
          </div>
        ) : step.name === "preview" ? (
          <BulkOutcomes result={step.result} preview />
        ) : (
          <BulkOutcomes result={step.result} preview={false} />
        )}

        {error ? (
          <p role="alert" className="font-medium text-red-600">
            {error}
          </p>
        ) : null}

        <div className="flex flex-wrap justify-end gap-2 border-t border-zinc-100 pt-4">
          {step.name === "applied" ? (
            <Button variant="primary" onClick={close}>
              Close
            </Button>
          ) : (
            <>
              <Button variant="ghost" onClick={close} disabled={bulkUpdate.isPending && step.name === "preview"}>
                Cancel
              </Button>
              {step.name === "edit" ? (
                <Button variant="primary" onClick={() => void preview()} disabled={bulkUpdate.isPending}>
                  {bulkUpdate.isPending ? "Previewing…" : "Preview"}
                </Button>
              ) : (
                <>
                  <Button onClick={() => setStep({ name: "edit" })} disabled={bulkUpdate.isPending}>
                    Back
                  </Button>
                  <Button
                    variant="primary"
                    onClick={() => void apply()}
                    disabled={bulkUpdate.isPending || step.result.changed === 0}
                  >
                    {bulkUpdate.isPending ? "Applying…" : `Apply to ${customersText(step.result.changed)}`}
                  </Button>
                </>
              )}
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}

/** A field to change: its switch, named by the field's label, and its new value once switched on. */
function FieldRow(props: {
  field: CustomerBulkEditField;
  enabled: boolean;
  onEnabled: (on: boolean) => void;
  children: (id: string) => ReactNode;
}) {
  const id = `bulk-edit-${props.field}`;
  const label = customerFieldLabel(props.field);
  return (
    <div className="grid grid-cols-1 gap-2 py-2.5 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <label className="flex items-center gap-2 font-medium text-zinc-700 sm:h-8">
        <Checkbox checked={props.enabled} onChange={(event) => props.onEnabled(event.target.checked)} />
        {label}
      </label>
      {props.enabled ? (
        <div>
          {/* the payment types are a group of checkboxes, named by its legend */}
          {props.field === "paymentTypes" ? null : (
            <label id={`${id}-label`} htmlFor={id} className="sr-only">
              {label}: new value
            </label>
          )}
          {props.children(id)}
        </div>
      ) : (
        <p className="text-zinc-500 sm:pt-1.5">Unchanged</p>
      )}
    </div>
  );
}

function PaymentTypeChoice(props: { id: string; value: number[]; onChange: (value: number[]) => void }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.reference.options.queryOptions(paymentTypeOptionsInput));
  return (
    <fieldset id={props.id} className="space-y-1">
      <legend className="sr-only">Payment types: new value</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2 pt-1">
        {(options.data ?? []).map((option) => (
          <label key={option.id} className="flex items-center gap-2">
            <Checkbox
              checked={props.value.includes(option.id)}
              onChange={(event) =>
                props.onChange(
                  event.target.checked
                    ? [...props.value, option.id].sort((a, b) => a - b)
                    : props.value.filter((id) => id !== option.id),
                )
              }
            />
            {option.name}
          </label>
        ))}
      </div>
      <p className="text-xs text-zinc-500">Replaces each customer&apos;s payment types; none ticked removes them all.</p>
    </fieldset>
  );
}

const namesOf = (options: readonly { id: number; name: string }[]) => new Map(options.map((option) => [String(option.id), option.name]));

/** Names of the objects a value refers to, for the fields that hold ids (the history's text holds the ids). */
function useReferenceNames() {
  const trpc = useTRPC();
  const options = (kind: "category" | "segmentation" | "region" | "paymentType") =>
    ({ ...trpc.reference.options.queryOptions({ kind, limit: 100 }), select: namesOf }) as const;
  const byField: Partial<Record<string, Map<string, string> | undefined>> = {
    categoryId: useQuery(options("category")).data,
    customerSegmentationId: useQuery(options("segmentation")).data,
    regionId: useQuery(options("region")).data,
    paymentTypes: useQuery(options("paymentType")).data,
  };
  return (field: string, value: string): string => {
    if (value === "true") return "Yes";
    if (value === "false") return "No";
    const known = byField[field];
    if (!known) return value;
    return value
      .split(",")
      .map((id) => known.get(id) ?? id)
      .join(", ");
  };
}

const shownOutcomes = 200;

function BulkOutcomes({ result, preview }: { result: BulkResult; preview: boolean }) {
  const nameOf = useReferenceNames();
  const refused = result.customers.filter((customer) => customer.status === "refused");
  const changing = result.customers.filter((customer) => customer.status === "refused" || customer.changes.length > 0);
  const shown = (preview ? changing : refused).slice(0, shownOutcomes);
  const value = (field: string, text: string | null) =>
    text === null ? <span className="text-zinc-500">empty</span> : <span className="break-all">{nameOf(field, text)}</span>;
  const customerCell = (customer: BulkOutcome, rowSpan: number) => (
    <td rowSpan={rowSpan} className="px-3 py-2 align-top">
      <span className="font-medium">{customer.name ?? `Customer ${customer.id}`}</span>
      {customer.reference ? <span className="block font-mono text-xs text-zinc-500">{customer.reference}</span> : null}
    </td>
  );
  return (
    <div className="space-y-3">
      <p role="status" className="font-medium">
        {preview
          ? `${customersText(result.changed)} will change, ${formatCount(result.unchanged)} already ${result.unchanged === 1 ? "has" : "have"} these values, ${formatCount(result.refused)} refused. Nothing is written until you apply.`
          : `Changed ${customersText(result.changed)}. ${formatCount(result.unchanged)} already had these values, ${formatCount(result.refused)} refused and left as ${result.refused === 1 ? "it was" : "they were"}.`}
      </p>
      {shown.length > 0 ? (
        <div className="overflow-x-auto rounded-lg ring-1 ring-zinc-900/5">
          <table aria-label={preview ? "Preview" : "Refused customers"} className="w-full">
            <thead className="border-b border-zinc-200 text-left text-zinc-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Customer</th>
                <th scope="col" className="px-3 py-2 font-medium">Field</th>
                <th scope="col" className="px-3 py-2 font-medium">Before</th>
                <th scope="col" className="px-3 py-2 font-medium">After</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {shown.flatMap((customer) =>
                customer.status === "refused"
                  ? [
                      <tr key={customer.id}>
                        {customerCell(customer, 1)}
                        <td className="px-3 py-2 align-top">{customer.refusal.field ? customerFieldLabel(customer.refusal.field) : ""}</td>
                        <td colSpan={2} className="px-3 py-2 align-top font-medium text-red-600">
                          Refused: {formMessageOf(customer.refusal)}
                        </td>
                      </tr>,
                    ]
                  : customer.changes.map((change, index) => (
                      <tr key={`${customer.id}-${change.field}`} className={cx(index > 0 && "border-t-0")}>
                        {index === 0 ? customerCell(customer, customer.changes.length) : null}
                        <td className="px-3 py-2 align-top">{customerFieldLabel(change.field)}</td>
                        <td className="px-3 py-2 align-top text-zinc-600">{value(change.field, change.oldValue)}</td>
                        <td className="px-3 py-2 align-top">
                          <span aria-hidden="true" className="mr-1 text-zinc-500">→</span>
                          {value(change.field, change.newValue)}
                        </td>
                      </tr>
                    )),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {(preview ? changing : refused).length > shownOutcomes ? (
        <p className="text-zinc-500">
          The first {formatCount(shownOutcomes)} of {customersText((preview ? changing : refused).length)} are shown.
        </p>
      ) : null}
    </div>
  );
}
