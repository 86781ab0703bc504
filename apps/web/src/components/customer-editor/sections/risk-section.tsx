"use client";

import { useWatch } from "react-hook-form";

import { CheckboxField, TextField } from "../form-fields";
import type { CustomerFormValues } from "../customer-form-values";
import { FormSection } from "./form-section";

function RiskColourHint() {
  const colour = useWatch<CustomerFormValues, "customerRiskColor">({ name: "customerRiskColor" });
  const isColour = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour.trim());
  return (
    <span className="flex items-center gap-1.5">
      {isColour ? <span aria-hidden="true" className="size-3 rounded-sm ring-1 ring-zinc-900/10" style={{ background: colour.trim() }} /> : null}
      Written #RGB or #RRGGBB
    </span>
  );
}

export function RiskSection() {
  return (
    <FormSection title="Risk and hold">
      <TextField name="customerRisk" autoComplete="off" />
      <TextField name="customerRiskColor" autoComplete="off" hint={<RiskColourHint />} />
      <CheckboxField name="onHold" />
      <TextField name="onHoldReason" multiline />
    </FormSection>
  );
}
