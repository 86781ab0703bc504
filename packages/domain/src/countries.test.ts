import type * as Countries from "./countries";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/*
 * The name index is built on the first lookup of a name and kept: each test
 * loads the module afresh, so that every test builds it itself (and a test of
 * the index sees the index the module builds, not one a former test left).
 */
let countries: typeof Countries;
beforeEach(async () => {
  vi.resetModules();
  countries = await import("./countries");
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const toCountryCode = (input: string) => countries.toCountryCode(input);

describe("countryCodes", () => {
  it("holds the 249 officially assigned ISO 3166-1 alpha-2 codes, once each", () => {
    const { countryCodes } = countries;
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
    ["Trinidad & Tobago", "TT"],
    ["St. Lucia", "LC"],
    ["Saint Lucia", "LC"],
    ["Sainte-Lucie", "LC"],
    ["Ste Lucie", "LC"],
    ["Ste. Lucie", "LC"],
    ["The Netherlands", "NL"],
    ["the Bahamas", "BS"],
    ["la France", "FR"],
    ["le Canada", "CA"],
    ["les Pays-Bas", "NL"],
    ["l'Allemagne", "DE"],
    ["Myanmar", "MM"],
    ["Myanmar (Burma)", "MM"],
    ["Birmanie", "MM"],
    ["Cocos Islands", "CC"],
    ["Îles Cocos", "CC"],
  ])("accepts the English or French name, any letter case, accents optional: %s", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it.each([
    ["France.", "FR"],
    ["(France)", "FR"],
    ["  -- Germany --  ", "DE"],
    ["United   States", "US"],
    ["U.S.A", "US"],
  ])("reads punctuation, before, between or after the words, as a blank: %j", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it.each([
    ["Farœ Islands", "FO"],
    ["Isræl", "IL"],
    ["Nørway", "NO"],
    ["Rußia", "RU"],
  ])("reads the ligatures œ, æ, ø and ß as oe, ae, o and ss: %s", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  // The reviewed list of the names ICU does not give: each one is understood.
  it.each([
  ["USA", "US"],
  ["U.S.A.", "US"],
  ["U.S.", "US"],
  ["United States of America", "US"],
  ["États-Unis d'Amérique", "US"],
  ["UK", "GB"],
  ["U.K.", "GB"],
  ["Great Britain", "GB"],
  ["Britain", "GB"],
  ["United Kingdom of Great Britain and Northern Ireland", "GB"],
  ["England", "GB"],
  ["Scotland", "GB"],
  ["Wales", "GB"],
  ["Northern Ireland", "GB"],
  ["Grande-Bretagne", "GB"],
  ["Angleterre", "GB"],
  ["Écosse", "GB"],
  ["Pays de Galles", "GB"],
  ["Irlande du Nord", "GB"],
  ["UAE", "AE"],
  ["EAU", "AE"],
  ["Holland", "NL"],
  ["Hollande", "NL"],
  ["Netherlands, Kingdom of the", "NL"],
  ["Turkey", "TR"],
  ["Czech Republic", "CZ"],
  ["République tchèque", "CZ"],
  ["Ivory Coast", "CI"],
  ["Burma", "MM"],
  ["Birmanie", "MM"],
  ["Hong Kong", "HK"],
  ["Macao", "MO"],
  ["Macau", "MO"],
  ["Korea", "KR"],
  ["Korea, Republic of", "KR"],
  ["Republic of Korea", "KR"],
  ["Corée", "KR"],
  ["Korea, Democratic People's Republic of", "KP"],
  ["DPRK", "KP"],
  ["Russian Federation", "RU"],
  ["Fédération de Russie", "RU"],
  ["Vatican", "VA"],
  ["Holy See", "VA"],
  ["Saint-Siège", "VA"],
  ["Congo", "CG"],
  ["Republic of the Congo", "CG"],
  ["République du Congo", "CG"],
  ["Democratic Republic of the Congo", "CD"],
  ["Congo, The Democratic Republic of the", "CD"],
  ["République démocratique du Congo", "CD"],
  ["DR Congo", "CD"],
  ["DRC", "CD"],
  ["RDC", "CD"],
  ["Swaziland", "SZ"],
  ["Macedonia", "MK"],
  ["Macédoine", "MK"],
  ["Cabo Verde", "CV"],
  ["East Timor", "TL"],
  ["Palestine", "PS"],
  ["Palestine, State of", "PS"],
  ["Lao People's Democratic Republic", "LA"],
  ["Syrian Arab Republic", "SY"],
  ["Iran, Islamic Republic of", "IR"],
  ["Viet Nam", "VN"],
  ["Bolivia, Plurinational State of", "BO"],
  ["Venezuela, Bolivarian Republic of", "VE"],
  ["Tanzania, United Republic of", "TZ"],
  ["Moldova, Republic of", "MD"],
  ["Micronesia, Federated States of", "FM"],
  ["Taiwan, Province of China", "TW"],
  ["Brunei Darussalam", "BN"],
  ["Bonaire, Sint Eustatius and Saba", "BQ"],
  ["Saint Martin (French part)", "MF"],
  ["Sint Maarten (Dutch part)", "SX"],
  ["Virgin Islands (British)", "VG"],
  ["Virgin Islands (U.S.)", "VI"],
  ["Falkland Islands (Malvinas)", "FK"],
  ["Heard Island and McDonald Islands", "HM"],
  ["Saint Helena, Ascension and Tristan da Cunha", "SH"],
  ["United States Minor Outlying Islands", "UM"],
  ["South Georgia and the South Sandwich Islands", "GS"],
  ["Saint Vincent and the Grenadines", "VC"],
  ] as const)("accepts the usual other name %j as %s", (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it("tells the two Saint-Martins apart: the French part keeps the short name", () => {
    expect(toCountryCode("Saint-Martin")).toBe("MF");
    expect(toCountryCode("St. Martin")).toBe("MF");
    expect(toCountryCode("Sint Maarten")).toBe("SX");
    expect(toCountryCode("Saint-Martin (partie néerlandaise)")).toBe("SX");
  });

  it("reads back every code's English and French names", () => {
    const english = new Intl.DisplayNames(["en"], { type: "region" });
    const french = new Intl.DisplayNames(["fr"], { type: "region" });
    for (const code of countries.countryCodes) {
      expect(toCountryCode(english.of(code) ?? ""), `${code} in English`).toBe(code);
      expect(toCountryCode(french.of(code) ?? ""), `${code} in French`).toBe(code);
    }
  });

  it.each(["Narnia", "", "   ", "ZZ", "EU", "XK", "F", "Fran", "Newzealand", "Les", "The", "Saint"])(
    "returns null for what is not a country: %j",
    (input) => {
      expect(toCountryCode(input)).toBeNull();
    },
  );
});

describe("countryOptions", () => {
  it("lists every code once with its English name, sorted by name for the form's select", () => {
    const { countryName, countryOptions } = countries;
    expect(countryOptions).toHaveLength(249);
    expect(countryOptions.find((option) => option.code === "DE")).toEqual({ code: "DE", name: "Germany" });
    expect(countryName("FR")).toBe("France");
    const names = countryOptions.map((option) => option.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });
});

describe("on a runtime without Intl.DisplayNames (old browsers)", () => {
  beforeEach(async () => {
    vi.stubGlobal("Intl", Object.create(Intl, { DisplayNames: { value: undefined } }));
    vi.resetModules();
    countries = await import("./countries");
  });

  it("still reads codes and the aliases, and no other name", () => {
    expect(toCountryCode("fr")).toBe("FR");
    expect(toCountryCode("USA")).toBe("US");
    expect(toCountryCode("Holland")).toBe("NL");
    expect(toCountryCode("France")).toBeNull();
  });

  it("names a country by its code, and sorts the options by code", () => {
    expect(countries.countryName("FR")).toBe("FR");
    expect(countries.countryOptions).toHaveLength(249);
    expect(countries.countryOptions[0]).toEqual({ code: "AD", name: "AD" });
    expect(countries.countryOptions.at(-1)).toEqual({ code: "ZW", name: "ZW" });
  });
});
