import { CheckboxField, TextField } from "../form-fields";
import { FormSection } from "./form-section";

export function IdentitySection() {
  return (
    <FormSection title="Identity">
      <TextField name="name" autoComplete="off" />
      <TextField name="reference" autoComplete="off" hint="Unique in your organization." />
      <TextField name="reference2" autoComplete="off" />
      <TextField name="barcode" autoComplete="off" />
      <CheckboxField name="isActive" />
    </FormSection>
  );
}
