// Which adapter delivers each channel, chosen by configuration. A new provider is a new adapter file
// and one line in PROVIDERS; its options become part of ChannelRegistryConfig by themselves.
import type { Config } from '../../config/env';
import type { Channel } from '../../store/contacts';
import { type ChannelAdapter, DeliveryError } from './channel';
import { SmtpEmailAdapter, type SmtpEmailConfig } from './email-smtp';
import { SmsGatewayAdapter, type SmsGatewayConfig } from './sms-gateway';
import { WebPushAdapter, type WebPushConfig } from './web-push';
import { WebhookAdapter, type WebhookConfig } from './webhook';

const PROVIDERS = {
  smtp: (config: SmtpEmailConfig) => new SmtpEmailAdapter(config),
  'web-push': (config: WebPushConfig) => new WebPushAdapter(config),
  'sms-gateway': (config: SmsGatewayConfig) => new SmsGatewayAdapter(config),
  webhook: (config: WebhookConfig) => new WebhookAdapter(config),
};

type Providers = typeof PROVIDERS;
/** One provider's options plus its name, e.g. { provider: 'smtp', url, from, dkim? }. */
export type ProviderConfig = { [P in keyof Providers]: { provider: P } & Parameters<Providers[P]>[0] }[keyof Providers];
/** A channel without an entry is off: sends fall back to the next channel of the step. */
export type ChannelRegistryConfig = Partial<Record<Channel, ProviderConfig>>;

export interface ChannelRegistry {
  get(channel: Channel): ChannelAdapter | undefined;
  closeAll(): Promise<void>;
}

export function createChannelRegistry(config: ChannelRegistryConfig): ChannelRegistry {
  const adapters = new Map<Channel, ChannelAdapter>();
  for (const [channel, entry] of Object.entries(config) as [Channel, ProviderConfig | undefined][]) {
    if (!entry) continue;
    const { provider, ...options } = entry;
    const make = Object.hasOwn(PROVIDERS, provider)
      ? (PROVIDERS[provider] as (options: unknown) => ChannelAdapter)
      : undefined;
    if (!make) throw new DeliveryError('CONFIGURATION', `There is no ${channel} provider "${provider}"`);
    const adapter = make(options);
    if (adapter.channel !== channel) {
      throw new DeliveryError(
        'CONFIGURATION',
        `The provider "${provider}" delivers ${adapter.channel}, not ${channel}`,
      );
    }
    adapters.set(channel, adapter);
  }
  return {
    get: (channel) => adapters.get(channel),
    async closeAll() {
      await Promise.allSettled([...adapters.values()].map((adapter) => adapter.close?.()));
    },
  };
}

/** The channels the environment configures: email always, push/SMS only with their credentials. */
export function channelConfigFromEnv(config: Config): ChannelRegistryConfig {
  return {
    email: {
      provider: 'smtp',
      url: config.smtpUrl,
      from: config.MAIL_FROM,
      ...(config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
        ? {
            dkim: {
              domainName: config.DKIM_DOMAIN,
              keySelector: config.DKIM_SELECTOR,
              privateKey: config.DKIM_PRIVATE_KEY,
            },
          }
        : {}),
    },
    ...(config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY
      ? {
          push: {
            provider: 'web-push' as const,
            vapid: {
              subject: config.VAPID_SUBJECT,
              publicKey: config.VAPID_PUBLIC_KEY,
              privateKey: config.VAPID_PRIVATE_KEY,
            },
          },
        }
      : {}),
    ...(config.SMS_GATEWAY_URL && config.SMS_ACCOUNT_SID && config.SMS_AUTH_TOKEN && config.SMS_FROM
      ? {
          sms: {
            provider: 'sms-gateway' as const,
            baseUrl: config.SMS_GATEWAY_URL,
            accountSid: config.SMS_ACCOUNT_SID,
            authToken: config.SMS_AUTH_TOKEN,
            from: config.SMS_FROM,
          },
        }
      : {}),
    webhook: { provider: 'webhook', secret: config.OUTBOUND_WEBHOOK_SECRET },
  };
}
