import type { WebhookDeliveryStatus, WebhookDisabledReason, WebhookEventType } from "@cr/domain";

export const eventTypeLabels: Record<WebhookEventType, string> = {
  "customer.updated": "A customer changed (any field, from any door)",
};

/** Why an endpoint is disabled, as a sentence that says what to do. */
export const disabledReasonTexts: Record<WebhookDisabledReason, string> = {
  manual: "Disabled by an admin. Enable it to send what it missed.",
  gone: "Disabled: the receiver answered 410 Gone. Enable it once the receiver is back; it is then sent what it missed.",
  failing: "Disabled: every delivery failed for 5 days. Fix the receiver, then enable it; it is then sent what it missed.",
};

export const deliveryStatusLabels: Record<WebhookDeliveryStatus, { label: string; tone: "neutral" | "positive" | "warning" }> = {
  pending: { label: "Waiting", tone: "neutral" },
  sending: { label: "Sending", tone: "neutral" },
  succeeded: { label: "Delivered", tone: "positive" },
  failed: { label: "Failed, will retry", tone: "warning" },
  abandoned: { label: "Failed", tone: "warning" },
};
