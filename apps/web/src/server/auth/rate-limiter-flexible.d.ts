// The package's index does not export the base class of its stores, though its
// types declare it; its README names the files under lib/ as the way to reach one.
declare module "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js" {
  import { RateLimiterStoreAbstract } from "rate-limiter-flexible";

  export default RateLimiterStoreAbstract;
}
