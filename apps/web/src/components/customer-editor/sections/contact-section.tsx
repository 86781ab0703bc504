import { TextField } from "../form-fields";
import { FormSection } from "./form-section";

export function ContactSection() {
  return (
    <FormSection title="Contact">
      <TextField name="email" label="Email" type="email" autoComplete="off" />
      <TextField name="website" label="Website" inputMode="url" autoComplete="off" placeholder="example.com" />
      <TextField name="phone" label="Phone" type="tel" autoComplete="off" />
      <TextField name="mobile" label="Mobile" type="tel" autoComplete="off" />
      <TextField name="fax" label="Fax" type="tel" autoComplete="off" />
      <TextField name="comment" label="Comment" multiline />
    </FormSection>
  );
}
