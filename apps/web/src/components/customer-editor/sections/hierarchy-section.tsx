"use client";

import { useWatch } from "react-hook-form";

import { CheckboxField, PickerField } from "../form-fields";
import type { CustomerFormValues } from "../customer-form-values";
import { ParentCustomerPicker, ReferencePicker } from "../reference-pickers";
import { FormSection } from "./form-section";

export function HierarchySection({ customerId }: { customerId: number }) {
  // a customer that is not a sub-customer has no parent: saving clears both
  const isSubCustomer = useWatch<CustomerFormValues, "isSubCustomer">({ name: "isSubCustomer" });
  return (
    <FormSection title="Hierarchy">
      <PickerField name="categoryId">
        {(picker) => <ReferencePicker kind="category" placeholder="Search categories" {...picker} />}
      </PickerField>
      <PickerField name="customerSegmentationId">
        {(picker) => (
          <ReferencePicker kind="segmentation" placeholder="Search segmentations" clearLabel="Clear segmentation" {...picker} />
        )}
      </PickerField>
      <CheckboxField name="isSubCustomer" hint="Belongs to a parent customer." />
      {isSubCustomer ? (
        <>
          <PickerField name="parentCustomerId">
            {(picker) => (
              <ParentCustomerPicker
                customerId={customerId}
                placeholder="Search by name or reference"
                clearLabel="Clear parent customer"
                {...picker}
              />
            )}
          </PickerField>
          <CheckboxField name="billWithParent" />
        </>
      ) : null}
    </FormSection>
  );
}
