import { TextField } from "../form-fields";
import { FormSection } from "./form-section";

export function ContactSection() {
  return (
    <FormSection title="Contact">
      <TextField name="email" type="email" autoComplete="off" />
      <TextField name="website" inputMode="url" autoComplete="off" placeholder="example.com" />
      <TextField name="phone" type="tel" autoComplete="off" />
      <TextField name="mobile" type="tel" autoComplete="off" />
      <TextField name="fax" type="tel" autoComplete="off" />
      <TextField name="comment" multiline />
    </FormSection>
  );
}
