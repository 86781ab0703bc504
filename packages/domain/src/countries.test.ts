import { describe, expect, it } from "vitest";

import { countryCodes, countryName, countryOptions, toCountryCode } from "./countries";

describe("countryCodes", () => {
  it("holds the 249 officially assigned ISO 3166-1 alpha-2 codes, once each", () => {
    expect(countryCodes).toHaveLength(249);
    expect(new Set(countryCodes).size).toBe(249);
    for (const code of countryCodes) expect(code).toMatch(/^[A-Z]{2}$/);
  });
});

describe("toCountryCode", () => {
  it.each([
    ["FR", "FR"],
    ["fr", "FR"],
    [" de ", "DE"],
    ["us", "US"],
  ])("accepts the alpha-2 code in any letter case: %s", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it.each([
    ["France", "FR"],
    ["FRANCE", "FR"],
    ["germany", "DE"],
    ["Allemagne", "DE"],
    ["United States", "US"],
    ["États-Unis", "US"],
    ["Etats-Unis", "US"],
    ["etats unis", "US"],
    ["Royaume-Uni", "GB"],
    ["Côte d’Ivoire", "CI"],
    ["Cote d'Ivoire", "CI"],
    ["Curacao", "CW"],
    ["Équateur", "EC"],
    ["Trinidad and Tobago", "TT"],
    ["St. Lucia", "LC"],
    ["Saint Lucia", "LC"],
    ["The Netherlands", "NL"],
    ["l'Allemagne", "DE"],
    ["Myanmar", "MM"],
  ])("accepts the English or French name, any letter case, accents optional: %s", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it.each([
    ["USA", "US"],
    ["United States of America", "US"],
    ["UK", "GB"],
    ["Great Britain", "GB"],
    ["England", "GB"],
    ["Turkey", "TR"],
    ["Czech Republic", "CZ"],
    ["Ivory Coast", "CI"],
    ["Holland", "NL"],
    ["Russian Federation", "RU"],
    ["Korea, Republic of", "KR"],
    ["DRC", "CD"],
  ])("accepts the usual other names: %s", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it("tells the two Saint-Martins apart: the French part keeps the short name", () => {
    expect(toCountryCode("Saint-Martin")).toBe("MF");
    expect(toCountryCode("Sint Maarten")).toBe("SX");
  });

  it("reads back every code's English and French names", () => {
    const english = new Intl.DisplayNames(["en"], { type: "region" });
    const french = new Intl.DisplayNames(["fr"], { type: "region" });
    for (const code of countryCodes) {
      expect(toCountryCode(english.of(code) ?? ""), `${code} in English`).toBe(code);
      expect(toCountryCode(french.of(code) ?? ""), `${code} in French`).toBe(code);
    }
  });

  it.each(["Narnia", "", "   ", "ZZ", "EU", "XK", "F", "Fran"])("returns null for what is not a country: %j", (input) => {
    expect(toCountryCode(input)).toBeNull();
  });
});

describe("countryOptions", () => {
  it("lists every code once with its English name, sorted by name for the form's select", () => {
    expect(countryOptions).toHaveLength(249);
    expect(countryOptions.find((option) => option.code === "DE")).toEqual({ code: "DE", name: "Germany" });
    expect(countryName("FR")).toBe("France");
    const names = countryOptions.map((option) => option.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });
});
