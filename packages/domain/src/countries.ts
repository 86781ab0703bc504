/**
 * Countries of `billingCountry` and `country`. The legacy page accepts "ISO
 * county code or country name" (`FR`, `France`); legacy clients were written
 * in English and in French, so both languages' names are understood, in any
 * letter case and with or without accents, and the alpha-2 code is stored.
 *
 * Names come from `Intl.DisplayNames` (no table to maintain, and the same code
 * runs in the browser for the form). ICU renames countries over time
 * ("Turkey" became "Türkiye", "Czech Republic" became "Czechia"), so the ISO
 * short names and the usual former or colloquial names are kept as aliases.
 */

/** The 249 officially assigned ISO 3166-1 alpha-2 codes. */
export const countryCodes = [
  "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
  "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
  "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
  "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
  "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
  "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
  "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
  "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
  "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
  "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
  "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
  "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
  "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
  "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
  "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
  "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
] as const;

export type CountryCode = (typeof countryCodes)[number];

const countryCodeSet: ReadonlySet<string> = new Set(countryCodes);

export function isCountryCode(value: string): value is CountryCode {
  return countryCodeSet.has(value);
}

/**
 * Names that ICU does not give (or no longer gives): ISO short names,
 * former names, abbreviations and the nations of the United Kingdom, which
 * people write as their country on an address.
 */
const countryAliases: Record<string, CountryCode> = {
  "USA": "US",
  "U.S.A.": "US",
  "U.S.": "US",
  "United States of America": "US",
  "États-Unis d'Amérique": "US",
  "UK": "GB",
  "U.K.": "GB",
  "Great Britain": "GB",
  "Britain": "GB",
  "United Kingdom of Great Britain and Northern Ireland": "GB",
  "England": "GB",
  "Scotland": "GB",
  "Wales": "GB",
  "Northern Ireland": "GB",
  "Grande-Bretagne": "GB",
  "Angleterre": "GB",
  "Écosse": "GB",
  "Pays de Galles": "GB",
  "Irlande du Nord": "GB",
  "UAE": "AE",
  "EAU": "AE",
  "Holland": "NL",
  "Hollande": "NL",
  "Netherlands, Kingdom of the": "NL",
  "Turkey": "TR",
  "Czech Republic": "CZ",
  "République tchèque": "CZ",
  "Ivory Coast": "CI",
  "Burma": "MM",
  "Birmanie": "MM",
  "Hong Kong": "HK",
  "Macao": "MO",
  "Macau": "MO",
  "Korea": "KR",
  "Korea, Republic of": "KR",
  "Republic of Korea": "KR",
  "Corée": "KR",
  "Korea, Democratic People's Republic of": "KP",
  "DPRK": "KP",
  "Russian Federation": "RU",
  "Fédération de Russie": "RU",
  "Vatican": "VA",
  "Holy See": "VA",
  "Saint-Siège": "VA",
  "Congo": "CG",
  "Republic of the Congo": "CG",
  "République du Congo": "CG",
  "Democratic Republic of the Congo": "CD",
  "Congo, The Democratic Republic of the": "CD",
  "République démocratique du Congo": "CD",
  "DR Congo": "CD",
  "DRC": "CD",
  "RDC": "CD",
  "Swaziland": "SZ",
  "Macedonia": "MK",
  "Macédoine": "MK",
  "Cabo Verde": "CV",
  "East Timor": "TL",
  "Palestine": "PS",
  "Palestine, State of": "PS",
  "Lao People's Democratic Republic": "LA",
  "Syrian Arab Republic": "SY",
  "Iran, Islamic Republic of": "IR",
  // Stryker disable next-line StringLiteral: this runtime's ICU already names VN so in French (Viêt Nam), the alias changes nothing here
  "Viet Nam": "VN",
  "Bolivia, Plurinational State of": "BO",
  "Venezuela, Bolivarian Republic of": "VE",
  "Tanzania, United Republic of": "TZ",
  "Moldova, Republic of": "MD",
  "Micronesia, Federated States of": "FM",
  "Taiwan, Province of China": "TW",
  "Brunei Darussalam": "BN",
  "Bonaire, Sint Eustatius and Saba": "BQ",
  "Saint Martin (French part)": "MF",
  "Sint Maarten (Dutch part)": "SX",
  "Virgin Islands (British)": "VG",
  "Virgin Islands (U.S.)": "VI",
  "Falkland Islands (Malvinas)": "FK",
  "Heard Island and McDonald Islands": "HM",
  "Saint Helena, Ascension and Tristan da Cunha": "SH",
  "United States Minor Outlying Islands": "UM",
  "South Georgia and the South Sandwich Islands": "GS",
  "Saint Vincent and the Grenadines": "VC",
};

/**
 * One spelling per name: no accents, lower case, punctuation as spaces,
 * "&" as "and", "St." as "Saint", and no leading article ("The Netherlands",
 * "la France", "l'Allemagne").
 */
function normalizeCountryName(name: string): string {
  const words = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/ß/g, "ss")
    .replace(/&/g, " and ")
    .split(
      // Stryker disable next-line Regex: without `+`, the empty words between two separators are filtered out on the next line
      /[^a-z0-9]+/,
    )
    .filter((word) => word !== "")
    .map((word) => (word === "st" ? "saint" : word === "ste" ? "sainte" : word));
  // Stryker disable next-line ConditionalExpression, EqualityOperator: a lone article shifted leaves "", which names no country, as the lone article does not
  if (words.length > 1 && ["the", "le", "la", "les", "l"].includes(words[0] ?? "")) words.shift();
  return words.join(" ");
}

function displayNames(locale: string): Intl.DisplayNames | undefined {
  // Old browsers without Intl.DisplayNames still get codes and aliases.
  try {
    return new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
  } /* Stryker disable next-line BlockStatement: an empty catch returns undefined too */ catch {
    return undefined;
  }
}

const englishNames = displayNames("en");
const frenchNames = displayNames("fr");

let countryIndex: Map<string, CountryCode> | undefined;

function getCountryIndex(): Map<string, CountryCode> {
  // Stryker disable next-line ConditionalExpression: building the index at every lookup gives the same index: the cache only saves time
  if (countryIndex) return countryIndex;
  const index = new Map<string, CountryCode>();
  const add = (name: string | undefined, code: CountryCode) => {
    if (!name) return;
    const key = normalizeCountryName(name);
    // The first meaning wins: an English name is never shadowed by a French one.
    // Stryker disable next-line ConditionalExpression, StringLiteral: no name normalizes to "" (every name has a letter), so `key !== ""` is always true
    if (key !== "" && !index.has(key)) index.set(key, code);
  };
  for (const code of countryCodes) add(englishNames?.of(code), code);
  for (const code of countryCodes) add(frenchNames?.of(code), code);
  for (const [alias, code] of Object.entries(countryAliases)) add(alias, code);
  // "Myanmar (Burma)" is also "Myanmar"; added last because "Saint-Martin
  // (partie néerlandaise)" without its parenthesis is the French part's name.
  for (const code of countryCodes) {
    for (const name of [englishNames?.of(code), frenchNames?.of(code)]) {
      // Stryker disable next-line StringLiteral, Regex: includes("") strips nothing from a name without a parenthesis, whose key is already there; every parenthesis of ICU's names has one blank before it
      if (name?.includes("(")) add(name.replace(/\s*\([^)]*\)/g, ""), code);
    }
  }
  countryIndex = index;
  return index;
}

/** The alpha-2 code (upper case) of a code or an English or French country name; null when unknown. */
export function toCountryCode(input: string): CountryCode | null {
  const trimmed = input.trim();
  const upper = trimmed.toUpperCase();
  if (isCountryCode(upper)) return upper;
  return getCountryIndex().get(normalizeCountryName(trimmed)) ?? null;
}

/** The English name of a code, or the code itself when the runtime has no names. */
export function countryName(code: CountryCode): string {
  return englishNames?.of(code) ?? code;
}

/** Every country for the form's select, by English name. */
export const countryOptions: readonly { code: CountryCode; name: string }[] = countryCodes
  .map((code) => ({ code, name: countryName(code) }))
  .sort((a, b) => a.name.localeCompare(b.name, "en"));
