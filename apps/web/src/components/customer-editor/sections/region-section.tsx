import { PickerField } from "../form-fields";
import { ReferencePicker } from "../reference-pickers";
import { FormSection } from "./form-section";

/** Only for organizations with geographic locations on: elsewhere the contract ignores `regionId`. */
export function RegionSection() {
  return (
    <FormSection title="Region">
      <PickerField name="regionId">
        {(picker) => <ReferencePicker kind="region" placeholder="Search regions" clearLabel="Clear region" {...picker} />}
      </PickerField>
    </FormSection>
  );
}
