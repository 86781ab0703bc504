import { can } from "@cr/domain";

import { NewWebhookForm } from "~/components/webhooks/new-webhook-form";
import { WebhookList } from "~/components/webhooks/webhook-list";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "../../require-signed-in-user";
import { AdminOnly } from "../admin-only";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const user = await requireSignedInUser();
  if (!can(user, "organization.manage")) return <AdminOnly title="Webhooks" />;
  await getQueryClient().prefetchQuery(trpc.webhook.list.queryOptions());
  return (
    <HydrateClient>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Webhooks</h1>
        <p className="max-w-3xl text-zinc-600">
          Every change of a customer is POSTed to each endpoint as an event, signed with the endpoint&apos;s secret (Standard Webhooks:
          the <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers). A delivery that
          fails is retried for about three days; an endpoint whose deliveries all fail for 5 days is disabled.
        </p>
        <NewWebhookForm />
        <WebhookList />
      </div>
    </HydrateClient>
  );
}
