/**
 * A legacy GET's query string, decoded strictly as UTF-8: a query declares
 * no charset, and `URLSearchParams` would turn a Latin-1 client's `%E9` into
 * U+FFFD and search for that. Bytes that are not UTF-8 are the parameter's
 * wrong type (400 `invalid_param_type` naming it), as in a form body.
 */
import { decodeFormText, defaultFormDecoder, lossyName } from "./form-charset";
import { splitUrlEncoded } from "./url-encoded";

export function readLegacyQuery(url: URL): URLSearchParams {
  const query = new URLSearchParams();
  // the URL holds every non-ASCII byte percent-encoded: its search is ASCII
  for (const pair of splitUrlEncoded(Buffer.from(url.search.slice(1), "latin1"))) {
    const name = decodeFormText(pair.name, defaultFormDecoder, lossyName(pair.name));
    query.append(name, decodeFormText(pair.value, defaultFormDecoder, name));
  }
  return query;
}
