CREATE TABLE "login_throttle" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expires_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "login_throttle_expires_idx" ON "login_throttle" USING btree ("expires_at");--> statement-breakpoint
-- Sign-in now looks e-mails up exactly as normalizeEmail() spells them (lower-case).
-- Plain ASCII addresses stored with capitals get that spelling here, where SQL's
-- lower() and JavaScript's agree; other addresses are left as they were.
UPDATE "users" SET "email" = lower("email") WHERE "email" ~ '^[!-~]+$' AND "email" <> lower("email");
