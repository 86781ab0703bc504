import type { OrganizationSettings } from "@cr/domain";
import { eq } from "drizzle-orm";

import type { Database } from "../client";
import { organizations } from "../schema";

export interface Organization extends OrganizationSettings {
  id: number;
  slug: string;
  name: string;
}

export async function findOrganizationById(db: Database, id: number): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row && toOrganization(row);
}

export async function findOrganizationBySlug(db: Database, slug: string): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return row && toOrganization(row);
}

export function toOrganization(row: typeof organizations.$inferSelect): Organization {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultCurrency: row.defaultCurrency,
    currencies: row.currencies,
    geoLocationsEnabled: row.geoLocationsEnabled,
    regionLevel: row.regionLevel,
  };
}
