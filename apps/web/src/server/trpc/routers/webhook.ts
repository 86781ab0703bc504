/**
 * The webhooks page's procedures: the same services as `/api/v2.1/webhooks`,
 * for the organization's admins (`organization.manage`, checked by the
 * services). These only decode and call.
 */
import { NewWebhookEndpointInput, webhookDeliveriesDefaultMax, webhookDeliveriesMaxPage } from "@cr/domain";
import { z } from "zod";

import { createWebhookEndpoint } from "../../services/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../../services/webhooks/delete-webhook-endpoint";
import { disableWebhookEndpoint } from "../../services/webhooks/disable-webhook-endpoint";
import { enableWebhookEndpoint } from "../../services/webhooks/enable-webhook-endpoint";
import { listWebhookDeliveries } from "../../services/webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "../../services/webhooks/list-webhook-endpoints";
import { retryWebhookDelivery } from "../../services/webhooks/retry-webhook-delivery";
import { sendWebhookTest } from "../../services/webhooks/send-webhook-test";
import { createTRPCRouter, protectedProcedure } from "../init";

const RowId = z.number().int().positive();
const EndpointInput = z.object({ endpointId: RowId });

export const webhookRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listWebhookEndpoints({ deps: ctx.deps, actor: ctx.user })),

  /** The endpoint and its secret, which is never shown again. */
  create: protectedProcedure
    .input(NewWebhookEndpointInput)
    .mutation(({ ctx, input }) => createWebhookEndpoint({ deps: ctx.deps, actor: ctx.user, endpoint: input })),

  delete: protectedProcedure
    .input(EndpointInput)
    .mutation(({ ctx, input }) => deleteWebhookEndpoint({ deps: ctx.deps, actor: ctx.user, endpointId: input.endpointId })),

  enable: protectedProcedure
    .input(EndpointInput)
    .mutation(({ ctx, input }) => enableWebhookEndpoint({ deps: ctx.deps, actor: ctx.user, endpointId: input.endpointId })),

  disable: protectedProcedure
    .input(EndpointInput)
    .mutation(({ ctx, input }) => disableWebhookEndpoint({ deps: ctx.deps, actor: ctx.user, endpointId: input.endpointId })),

  deliveries: protectedProcedure
    .input(
      EndpointInput.extend({
        max: z.number().int().min(1).max(webhookDeliveriesMaxPage).default(webhookDeliveriesDefaultMax),
        before: RowId.optional(),
      }),
    )
    .query(({ ctx, input }) =>
      listWebhookDeliveries({ deps: ctx.deps, actor: ctx.user, endpointId: input.endpointId, query: { max: input.max, before: input.before } }),
    ),

  retryDelivery: protectedProcedure
    .input(EndpointInput.extend({ deliveryId: RowId }))
    .mutation(({ ctx, input }) => retryWebhookDelivery({ deps: ctx.deps, actor: ctx.user, ...input })),

  /** Sends a `webhook.test` event now and answers the attempt, once it is recorded. */
  sendTest: protectedProcedure
    .input(EndpointInput)
    .mutation(({ ctx, input }) => sendWebhookTest({ deps: ctx.deps, actor: ctx.user, endpointId: input.endpointId })),
});
