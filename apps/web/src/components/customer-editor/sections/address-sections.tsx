"use client";

import { useMemo } from "react";
import { useWatch } from "react-hook-form";

import { CheckboxField, SelectField, TextField } from "../form-fields";
import type { CustomerFormValues, TextFieldName } from "../customer-form-values";
import { FormSection } from "./form-section";

const addressFields = {
  billing: {
    address: "billingAddress",
    postalCode: "billingPostalCode",
    city: "billingCity",
    country: "billingCountry",
    latitude: "billingLat",
    longitude: "billingLng",
  },
  shipping: {
    address: "address",
    postalCode: "postalCode",
    city: "city",
    country: "country",
    latitude: "latitude",
    longitude: "longitude",
  },
} as const satisfies Record<string, Record<string, TextFieldName>>;

/** An entry of `countryOptions`, named by the server (see the customer page). */
export interface Country {
  code: string;
  name: string;
}

function AddressFields({ kind, countries }: { kind: keyof typeof addressFields; countries: readonly Country[] }) {
  const names = addressFields[kind];
  const countrySelectOptions = useMemo(
    () => [{ value: "", label: "—" }, ...countries.map((country) => ({ value: country.code, label: country.name }))],
    [countries],
  );
  return (
    <>
      <TextField name={names.address} label="Address" multiline />
      <TextField name={names.postalCode} label="Postal code" autoComplete="off" />
      <TextField name={names.city} label="City" autoComplete="off" />
      <SelectField name={names.country} label="Country" options={countrySelectOptions} />
      {/* an empty cell, so that latitude and longitude share a row */}
      <div className="hidden sm:block" />
      <TextField name={names.latitude} label="Latitude" inputMode="decimal" hint="From -90 to 90" />
      <TextField name={names.longitude} label="Longitude" inputMode="decimal" hint="From -180 to 180" />
    </>
  );
}

export function BillingAddressSection({ countries }: { countries: readonly Country[] }) {
  return (
    <FormSection title="Billing address">
      <AddressFields kind="billing" countries={countries} />
    </FormSection>
  );
}

export function ShippingAddressSection({ countries }: { countries: readonly Country[] }) {
  const isSameAddress = useWatch<CustomerFormValues, "isSameAddress">({ name: "isSameAddress" });
  return (
    <FormSection title="Shipping address">
      <CheckboxField name="isSameAddress" label="Same as billing address" />
      {isSameAddress ? null : <AddressFields kind="shipping" countries={countries} />}
    </FormSection>
  );
}
