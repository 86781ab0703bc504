/** The webhooks' settings, from the server's configuration (WEBHOOK_RETRY_SCHEDULE, WEBHOOK_ALLOW_PRIVATE), with their defaults. */
import { defaultWebhookRetryScheduleSeconds } from "@cr/domain";

export interface WebhookSettings {
  /** Seconds after attempt 1, 2, ...; past the last, a delivery failed for good. */
  retrySchedule: readonly number[];
  /** `http://` URLs and private, loopback and link-local addresses allowed: local development and tests only. */
  allowPrivate: boolean;
}

export function webhookSettingsOf(config: { webhooks?: Partial<WebhookSettings> }): WebhookSettings {
  return {
    retrySchedule: config.webhooks?.retrySchedule ?? defaultWebhookRetryScheduleSeconds,
    allowPrivate: config.webhooks?.allowPrivate ?? false,
  };
}
