/**
 * The one customer update, behind both doors (legacy REST and tRPC).
 *
 * Order matters for "whole or nothing": the picture is checked and re-encoded
 * before anything is written; its files are stored before the transaction
 * and removed again if the transaction fails; the previous picture is only
 * deleted once the new state is committed.
 */
import { applyCustomerPatch, type CustomerPatch, type CustomerView, diffCustomerFields, errors } from "@cr/domain";
import {
  type AuthenticatedUser,
  type ChangeChannel,
  type CustomerLookup,
  findCustomerRecord,
  findCustomerViews,
  findOrganizationById,
  insertCustomerHistory,
  saveCustomerRecord,
} from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { type PreparedPicture, preparePicture } from "../pictures/prepare-picture";
import { logError } from "../log";
import { assertBodyIdNamesCustomer, customerNotFound } from "./customer-lookup";
import { resolveCustomerReferences } from "./resolve-customer-references";

export interface UpdateCustomerOptions {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  lookup: CustomerLookup;
  patch: CustomerPatch;
  channel: ChangeChannel;
  /** The picture to store as the customer's logo. */
  picture?: { fileName: string; bytes: Uint8Array };
  /** The legacy body's `id`, which must name the same customer as the path. */
  bodyId?: string;
}

export async function updateCustomer(options: UpdateCustomerOptions): Promise<CustomerView> {
  const { deps, actor, lookup, patch } = options;
  const now = deps.now();

  const organization = await findOrganizationById(deps.db, actor.organizationId);
  if (!organization) throw customerNotFound(lookup);

  const picture: PreparedPicture | undefined = options.picture
    ? await preparePicture(options.picture, now)
    : undefined;
  if (picture) await deps.pictureStorage.putPicture(organization.slug, picture);

  let committed: { view: CustomerView; previousLogo: string | null };
  try {
    committed = await deps.db.transaction(async (tx) => {
      const current = await findCustomerRecord(tx, { organizationId: organization.id, lookup, forUpdate: true });
      if (!current) throw customerNotFound(lookup);
      assertBodyIdNamesCustomer(current, options.bodyId);

      const resolved = await resolveCustomerReferences(tx, organization, patch);
      const next = applyCustomerPatch({ current, patch, resolved, organization });
      if (picture) next.logo = picture.fileName;

      const changes = diffCustomerFields(current, next);
      if (changes.length > 0) {
        await saveCustomerRecord(tx, { current, next, now });
        await insertCustomerHistory(tx, {
          organizationId: organization.id,
          customerId: current.id,
          userId: actor.id,
          channel: options.channel,
          changedAt: now,
          changes,
        });
      }

      const [view] = await findCustomerViews(tx, { organizationId: organization.id, ids: [current.id] });
      if (!view) throw errors.saveFailed();
      return { view, previousLogo: picture ? current.logo : null };
    });
  } catch (error) {
    if (picture) await deletePictureQuietly(deps, organization.slug, picture.fileName);
    throw error;
  }

  const { view, previousLogo } = committed;
  if (previousLogo && previousLogo !== view.logo) {
    await deletePictureQuietly(deps, organization.slug, previousLogo);
  }
  return view;
}

/**
 * Cleanup must not turn a committed update (or the original error) into
 * another failure: a file it could not remove is logged for an operator.
 */
async function deletePictureQuietly(deps: ServerDeps, organizationSlug: string, fileName: string) {
  try {
    await deps.pictureStorage.deletePicture(organizationSlug, fileName);
  } catch (error) {
    logError("picture cleanup failed", error, { organizationSlug, fileName });
  }
}
