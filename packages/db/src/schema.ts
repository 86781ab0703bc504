/**
 * The database schema. Every table carries its organization: the API is
 * multi-tenant and every query is scoped by `organization_id`.
 *
 * Ids are identity columns because the legacy contract exposes them as
 * integers (`/customers/256`); the seed inserts the page's example ids
 * explicitly and moves the sequences past them.
 */
import {
  type TokenScope,
  tokenScopes,
  type UserRole,
  userRoles,
  type WebhookDeliveryStatus,
  webhookDeliveryStatuses,
  type WebhookDisabledReason,
  webhookDisabledReasons,
} from "@cr/domain";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  char,
  check,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";

const id = () => integer("id").primaryKey().generatedByDefaultAsIdentity();
const createdAt = () => timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
const organizationId = () =>
  integer("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

export const organizations = pgTable("organizations", {
  id: id(),
  slug: varchar("slug", { length: 64 }).notNull().unique(),
  name: varchar("name", { length: 255 }).notNull(),
  defaultCurrency: char("default_currency", { length: 3 }).notNull(),
  /** ISO 4217 codes a customer may use; always contains `defaultCurrency`. */
  currencies: text("currencies").array().notNull(),
  geoLocationsEnabled: boolean("geo_locations_enabled").notNull().default(false),
  /** Level of `regions` that customers are placed at (1 = country, 2 = state, ...). */
  regionLevel: smallint("region_level").notNull().default(1),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    organizationId: organizationId(),
    email: varchar("email", { length: 320 }).notNull(),
    passwordHash: text("password_hash").notNull(),
    reference: varchar("reference", { length: 100 }).notNull(),
    name: varchar("name", { length: 255 }),
    /** What the user may do in the organization (`authorization.ts` in the domain). */
    role: varchar("role", { length: 16 }).$type<UserRole>().notNull(),
    /** Set: the user can no longer sign in, and their sessions and tokens stop at once. */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    lastSignedInAt: timestamp("last_signed_in_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // e-mail is the login name, so it is unique across organizations
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    uniqueIndex("users_organization_reference_unique").on(t.organizationId, t.reference),
    check("users_role_check", sql.raw(`role in (${userRoles.map((role) => `'${role}'`).join(", ")})`)),
  ],
);

/** Browser and legacy cookie sessions (`JSESSIONID`). Only the SHA-256 of the token is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    organizationId: organizationId(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: char("token_hash", { length: 64 }).notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Bearer tokens for integrations. Only the SHA-256 of the token is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    organizationId: organizationId(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 255 }).notNull(),
    tokenHash: char("token_hash", { length: 64 }).notNull().unique(),
    /** The most the token may do; it acts with the lesser of this and its owner's role. */
    scope: varchar("scope", { length: 16 }).$type<TokenScope>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Written at most once a minute per token, not on every request. */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("api_tokens_user_idx").on(t.userId),
    check("api_tokens_scope_check", sql.raw(`scope in (${tokenScopes.map((scope) => `'${scope}'`).join(", ")})`)),
  ],
);

/**
 * What an organization's admins did (a user created, a role changed, a token
 * revoked, ...), written in the same transaction as the change itself.
 * `actor_user_id` is kept when the actor is later removed: the record stays.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    organizationId: organizationId(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** e.g. `user.created`, `user.role_changed`, `api_token.revoked`. */
    action: varchar("action", { length: 64 }).notNull(),
    /** What the action was about, e.g. `user:12`, `api_token:3`. */
    target: varchar("target", { length: 128 }).notNull(),
    /** The action's particulars (the new role, the token's name and scope): never a secret. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_organization_id_idx").on(t.organizationId, t.id.desc())],
);

/**
 * The sign-in throttle's counters (apps/web `login-throttle.ts`): one row per
 * counted key, a client address or an account and address pair, so that every
 * app instance counts together. Not per organization: one address guesses
 * across all of them. Keys are hashes, so no e-mail or address is kept here.
 * `expires_at` null never expires; expired rows count as absent and are swept.
 */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    key: varchar("key", { length: 255 }).primaryKey(),
    points: integer("points").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("login_throttle_expires_idx").on(t.expiresAt)],
);

/**
 * SPEC §5's `Idempotency-Key`: the first complete answer to a request with a
 * key, per organization, replayed to its retries for 24 hours. `status` null:
 * the first request is still running, and holds the key until
 * `lease_expires_at` (a process that died meanwhile leaves it to a retry).
 * `fingerprint` tells a retry from another request that reuses the key.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    organizationId: organizationId(),
    key: varchar("key", { length: 255 }).notNull(),
    fingerprint: varchar("fingerprint", { length: 64 }).notNull(),
    status: integer("status"),
    headers: jsonb("headers").$type<Record<string, string>>(),
    body: text("body"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

/** A tree with one root per organization (`parent_id` null); customers default to the root. */
export const customerCategories = pgTable(
  "customer_categories",
  {
    id: id(),
    organizationId: organizationId(),
    parentId: integer("parent_id").references((): AnyPgColumn => customerCategories.id),
    reference: varchar("reference", { length: 100 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customer_categories_organization_reference_unique").on(t.organizationId, t.reference),
    uniqueIndex("customer_categories_one_root_per_organization")
      .on(t.organizationId)
      .where(sql`${t.parentId} is null`),
  ],
);

export const customerSegmentations = pgTable(
  "customer_segmentations",
  {
    id: id(),
    organizationId: organizationId(),
    reference: varchar("reference", { length: 100 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("customer_segmentations_organization_reference_unique").on(t.organizationId, t.reference)],
);

export const paymentTypes = pgTable(
  "payment_types",
  {
    id: id(),
    organizationId: organizationId(),
    reference: varchar("reference", { length: 100 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("payment_types_organization_reference_unique").on(t.organizationId, t.reference)],
);

/** Geographic regions: a tree whose `level` grows with depth (1 = country, 2 = state, ...). */
export const regions = pgTable(
  "regions",
  {
    id: id(),
    organizationId: organizationId(),
    parentId: integer("parent_id").references((): AnyPgColumn => regions.id),
    level: smallint("level").notNull(),
    reference: varchar("reference", { length: 100 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("regions_organization_reference_unique").on(t.organizationId, t.reference),
    check("regions_level_positive", sql`${t.level} >= 1`),
  ],
);

export const customers = pgTable(
  "customers",
  {
    id: id(),
    organizationId: organizationId(),
    reference: varchar("reference", { length: 100 }).notNull(),
    reference2: varchar("reference2", { length: 100 }),
    name: varchar("name", { length: 255 }).notNull(),
    barcode: varchar("barcode", { length: 100 }),
    isActive: boolean("is_active").notNull().default(true),
    categoryId: integer("category_id")
      .notNull()
      .references(() => customerCategories.id),
    isSubCustomer: boolean("is_sub_customer").notNull().default(false),
    parentCustomerId: integer("parent_customer_id").references((): AnyPgColumn => customers.id),
    billWithParent: boolean("bill_with_parent").notNull().default(false),
    customerSegmentationId: integer("customer_segmentation_id").references(() => customerSegmentations.id),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    isSameAddress: boolean("is_same_address").notNull().default(true),
    billingCountry: char("billing_country", { length: 2 }),
    billingCity: varchar("billing_city", { length: 255 }),
    billingPostalCode: varchar("billing_postal_code", { length: 32 }),
    billingAddress: varchar("billing_address", { length: 1000 }),
    billingLat: doublePrecision("billing_lat"),
    billingLng: doublePrecision("billing_lng"),
    country: char("country", { length: 2 }),
    city: varchar("city", { length: 255 }),
    postalCode: varchar("postal_code", { length: 32 }),
    address: varchar("address", { length: 1000 }),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    email: varchar("email", { length: 320 }),
    phone: varchar("phone", { length: 64 }),
    mobile: varchar("mobile", { length: 64 }),
    fax: varchar("fax", { length: 64 }),
    comment: text("comment"),
    website: varchar("website", { length: 2048 }),
    creditLimit: numeric("credit_limit", { precision: 18, scale: 2, mode: "number" }),
    dueDateConfigNumber: smallint("due_date_config_number"),
    /** 1 = days after the invoice date, 2 = days after the end of the invoice month. */
    dueDateConfigType: smallint("due_date_config_type"),
    taxNumber: varchar("tax_number", { length: 64 }),
    companyRegistrationNumber: varchar("company_registration_number", { length: 64 }),
    currency: char("currency", { length: 3 }).notNull(),
    regionId: integer("region_id").references(() => regions.id),
    customerRisk: varchar("customer_risk", { length: 255 }),
    customerRiskColor: varchar("customer_risk_color", { length: 7 }),
    onHold: boolean("on_hold").notNull().default(false),
    onHoldReason: varchar("on_hold_reason", { length: 1000 }),
    /** File name of the picture inside the organization's `photoCustomer` folder. */
    logo: varchar("logo", { length: 255 }),

    // Read-only in the update contract: maintained by other parts of the system.
    pocTenus: integer("poc_tenus"),
    isCredit: boolean("is_credit"),
    balance: numeric("balance", { precision: 18, scale: 2, mode: "number" }),
    maxChequePeriod: integer("max_cheque_period"),
    maxChequeValue: numeric("max_cheque_value", { precision: 18, scale: 2, mode: "number" }),
    appliedCashBackOutput: jsonb("applied_cash_back_output"),
    returnDiscount: numeric("return_discount", { precision: 9, scale: 4, mode: "number" }),
    invoicesPerRoute: integer("invoices_per_route"),
    paymentTerm: varchar("payment_term", { length: 255 }),

    /** Incremented by every write; the ETag of the customer. */
    version: integer("version").notNull().default(1),
    dateCreated: timestamp("date_created", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastUpdated: timestamp("last_updated", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("customers_organization_reference_unique").on(t.organizationId, t.reference),
    // The UI list's sorts, each with the id that breaks ties, so that a page is
    // an index range whichever way it is read (see `searchCustomers`). The
    // credit limit has one per direction: its nulls sort last in both.
    index("customers_organization_name_idx").on(t.organizationId, t.name, t.id),
    index("customers_organization_last_updated_idx").on(t.organizationId, t.lastUpdated, t.id),
    index("customers_organization_credit_limit_idx").on(t.organizationId, t.creditLimit.asc().nullsLast(), t.id),
    index("customers_organization_credit_limit_desc_idx").on(
      t.organizationId,
      t.creditLimit.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    // search as you type (`ilike '%bak%'`) in large organizations: trigram indexes (pg_trgm)
    index("customers_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("customers_reference_trgm_idx").using("gin", sql`${t.reference} gin_trgm_ops`),
    index("customers_parent_idx").on(t.parentCustomerId),
  ],
);

export const customerPaymentTypes = pgTable(
  "customer_payment_types",
  {
    organizationId: organizationId(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    paymentTypeId: integer("payment_type_id")
      .notNull()
      .references(() => paymentTypes.id),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.paymentTypeId] })],
);

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    organizationId: organizationId(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    firstName: varchar("first_name", { length: 255 }),
    lastName: varchar("last_name", { length: 255 }),
    email: varchar("email", { length: 320 }),
    phone: varchar("phone", { length: 64 }),
    position: varchar("position", { length: 255 }),
    createdAt: createdAt(),
  },
  (t) => [index("contacts_customer_idx").on(t.customerId)],
);

/** One row per changed field of a successful write, written in the same transaction. */
export const customerHistory = pgTable(
  "customer_history",
  {
    id: id(),
    organizationId: organizationId(),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    channel: varchar("channel", { length: 8 }).notNull().$type<"api" | "ui" | "import">(),
    field: varchar("field", { length: 64 }).notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    changedAt: timestamp("changed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("customer_history_customer_idx").on(t.customerId, t.changedAt)],
);

/**
 * Picture files that may have no customer pointing at them: a new picture
 * stored before its update commits, or a replaced one awaiting deletion. A row
 * is removed once the file is referenced or deleted; rows left behind by a
 * crash are swept later (files deleted unless a customer uses them), so a
 * failure half-way never leaves an orphan file for good.
 */
export const pendingPictureFiles = pgTable(
  "pending_picture_files",
  {
    id: id(),
    organizationId: organizationId(),
    fileName: varchar("file_name", { length: 255 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("pending_picture_files_created_idx").on(t.createdAt)],
);

/** PostgreSQL's 64-bit transaction id (never wraps), as text: the feed compares it in SQL only. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Every committed change of a customer, written in the change's own statement
 * (so no event exists for a change rolled back, and none is lost for a change
 * committed). `transaction_id` is the writing transaction's id: the change
 * feed serves only events of transactions older than every one still
 * running, in (transaction, id) order, so that a reader resuming from its
 * cursor never skips an event committed late (see event-repository.ts).
 */
export const customerEvents = pgTable(
  "customer_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: integer("organization_id").notNull(),
    transactionId: xid8("transaction_id")
      .notNull()
      .default(sql`pg_current_xact_id()`),
    type: varchar("type", { length: 64 }).notNull(),
    customerId: integer("customer_id").notNull(),
    /** The event's `data`, its keys in the order they are served (json keeps them; jsonb would sort them). */
    data: json("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("customer_events_feed_idx").on(t.organizationId, t.transactionId, t.id),
    index("customer_events_created_idx").on(t.createdAt),
  ],
);

/**
 * URLs an organization's admins asked to be told about its events
 * (`apps/web/src/server/webhooks/`). Each endpoint reads the change feed
 * from its own position (`feed_transaction_id`, `feed_event_id`: after that
 * event, in the feed's order), which the worker advances in the transaction
 * that inserts the deliveries of the events it read: so no customer write
 * pays for a webhook, and no event is skipped or delivered twice. A disabled
 * endpoint keeps its position: enabled again, it is sent what it missed.
 * The secret is kept as it is: it signs every delivery.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    organizationId: organizationId(),
    url: varchar("url", { length: 2048 }).notNull(),
    description: varchar("description", { length: 255 }).notNull().default(""),
    eventTypes: text("event_types").array().notNull(),
    /** `whsec_` and the base64 of 32 random bytes. */
    secret: varchar("secret", { length: 100 }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** `manual`, `gone` (it answered 410) or `failing` (every delivery failed for 5 days); null while enabled. */
    disabledReason: varchar("disabled_reason", { length: 16 }).$type<WebhookDisabledReason>(),
    disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
    /** The time of the first failed attempt since the last success; null while the last attempt succeeded. */
    failingSince: timestamp("failing_since", { withTimezone: true, precision: 3 }),
    feedTransactionId: xid8("feed_transaction_id").notNull(),
    feedEventId: bigint("feed_event_id", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_endpoints_organization_idx").on(t.organizationId, t.id),
    check(
      "webhook_endpoints_disabled_reason_check",
      sql.raw(`disabled_reason in (${webhookDisabledReasons.map((reason) => `'${reason}'`).join(", ")})`),
    ),
  ],
);

/**
 * One attempt to send one event to one endpoint; a failed attempt that will
 * be retried is followed by another row (`attempt` + 1). The body is kept as
 * sent (the feed's event, byte for byte), so that a retry sends the same bytes
 * after the event itself is swept. `next_attempt_at`: when a `pending` row is
 * due, or when a `sending` row's lease runs out (a worker that died while
 * sending leaves it to another after that).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    organizationId: organizationId(),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The event's public id (`evt_1042`, `evt_test_...`): the `webhook-id` header. */
    eventId: varchar("event_id", { length: 64 }).notNull(),
    eventType: varchar("event_type", { length: 64 }).notNull(),
    payload: text("payload").notNull(),
    attempt: integer("attempt").notNull(),
    status: varchar("status", { length: 16 }).$type<WebhookDeliveryStatus>().notNull(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }),
    /** Set when a worker claims the row; its outcome is written only while the row still holds this lease. */
    leaseId: varchar("lease_id", { length: 36 }),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, precision: 3 }),
    responseStatus: smallint("response_status"),
    error: varchar("error", { length: 500 }),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
  },
  (t) => [
    // never two rows for one attempt, whatever two workers do
    uniqueIndex("webhook_deliveries_attempt_unique").on(t.endpointId, t.eventId, t.attempt),
    // the endpoint's attempts, newest first (the deliveries page)
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id.desc()),
    // the retention sweep
    index("webhook_deliveries_created_idx").on(t.createdAt),
    // the worker's claim: only what is still to send
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    check(
      "webhook_deliveries_status_check",
      sql.raw(`status in (${webhookDeliveryStatuses.map((status) => `'${status}'`).join(", ")})`),
    ),
  ],
);
