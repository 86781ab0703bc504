-- pg_trgm ships with PostgreSQL (contrib) and with PGlite (loaded by the client factory)
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_reference_trgm_idx" ON "customers" USING gin ("reference" gin_trgm_ops);