import { CheckboxField, TextField } from "../form-fields";
import { FormSection } from "./form-section";

export function IdentitySection() {
  return (
    <FormSection title="Identity">
      <TextField name="name" label="Name" autoComplete="off" />
      <TextField name="reference" label="Reference" autoComplete="off" hint="Unique in your organization." />
      <TextField name="reference2" label="Second reference" autoComplete="off" />
      <TextField name="barcode" label="Barcode" autoComplete="off" />
      <CheckboxField name="isActive" label="Active" />
    </FormSection>
  );
}
