DROP INDEX "customers_organization_name_idx";--> statement-breakpoint
CREATE INDEX "customers_organization_last_updated_idx" ON "customers" USING btree ("organization_id","last_updated","id");--> statement-breakpoint
CREATE INDEX "customers_organization_credit_limit_idx" ON "customers" USING btree ("organization_id","credit_limit","id");--> statement-breakpoint
CREATE INDEX "customers_organization_credit_limit_desc_idx" ON "customers" USING btree ("organization_id","credit_limit" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "customers_organization_name_idx" ON "customers" USING btree ("organization_id","name","id");