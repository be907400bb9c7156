// The only place that reads process.env. Everything else receives a typed Config, so a bad value is
// reported once, at start, with the variable's name, instead of surfacing later as a confusing failure.
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );
const secret = z.string().min(16, 'must be at least 16 characters');

/** Values that make `npm start` work out of the box; refused when NODE_ENV=production. */
export const DEV_DEFAULTS = {
  LINK_SECRET: 'dev-only-link-secret-change-me',
  ADMIN_API_KEY: 'od_dev_admin_key_change_me',
  EVENT_SOURCES: '{"website":"whsec_ZGV2LW9ubHktd2Vic2l0ZS1zZWNyZXQ="}',
  OUTBOUND_WEBHOOK_SECRET: 'whsec_ZGV2LW9ubHktb3V0Ym91bmQtc2VjcmV0',
} as const;

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json for log shippers; pretty for people (what `npm start` uses). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** Base URL customers reach the API at: tracking links, unsubscribe pages and the open pixel use it. */
  PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),

  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('omnidrip'),
  MONGODB_URI: url(['mongodb:', 'mongodb+srv:']).optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('omnidrip <marketing@omnidrip.localhost>'),

  /** Signs tracking, unsubscribe and preference links. Dev default is fine locally, never in production. */
  LINK_SECRET: secret.default(DEV_DEFAULTS.LINK_SECRET),
  /** A key with every scope, for bootstrapping (create scoped keys with it, then rotate it). */
  ADMIN_API_KEY: secret.default(DEV_DEFAULTS.ADMIN_API_KEY),
  /**
   * Event sources and their Standard Webhooks secrets, as JSON: {"shop":"whsec_…","store":"whsec_…"}.
   * A request names its source in the omnidrip-source header and is signed with that secret.
   */
  EVENT_SOURCES: z
    .string()
    .default(DEV_DEFAULTS.EVENT_SOURCES)
    .transform((raw, ctx) => {
      try {
        const parsed = z
          .record(z.string().regex(/^[\w-]{1,64}$/), z.string().startsWith('whsec_'))
          .parse(JSON.parse(raw));
        if (Object.keys(parsed).length === 0) throw new Error('empty');
        return parsed;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON like {"shop":"whsec_…"} with at least one source' });
        return z.NEVER;
      }
    }),
  /** Signs outgoing webhooks (CRM hand-offs) in the Standard Webhooks scheme. */
  OUTBOUND_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'must start with whsec_')
    .default(DEV_DEFAULTS.OUTBOUND_WEBHOOK_SECRET),
  /** Seconds a signed request's timestamp may differ from our clock (replay protection). */
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  TRACK_OPENS: flag.default(true),
  TRACK_CLICKS: flag.default(true),
  /** Requests per minute per API key or source on /v1; 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),

  // DKIM signing of outgoing mail: all three or none. The key may use "\n" for line breaks (one-line env).
  DKIM_DOMAIN: z.string().min(3).optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[\w-]+$/)
    .optional(),
  DKIM_PRIVATE_KEY: z
    .string()
    .transform((v) => v.replace(/\\n/g, '\n'))
    .refine((v) => v.includes('PRIVATE KEY'), 'must be a PEM private key')
    .optional(),

  // Web push (VAPID). Without keys the push channel is off and sends fall back to the next channel.
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:)/, 'must be a mailto: or https: URL')
    .default('mailto:marketing@omnidrip.localhost'),

  // SMS through a Twilio-compatible gateway. Without SMS_GATEWAY_URL the SMS channel is off.
  SMS_GATEWAY_URL: url(['http:', 'https:']).optional(),
  SMS_ACCOUNT_SID: z.string().min(1).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).optional(),
  SMS_FROM: z.string().min(1).optional(),

  // Embedded stack for `npm start` (ignored where the matching external URL is set).
  DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  FERRETDB_PORT: port.default(27017),
  SMTP_PORT: port.default(1025),
  INBOX_PORT: port.default(1080),
  START_WORKER: flag.default(true),
  /** Where a worker serves Prometheus metrics (/metrics); 0 = not served. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  temporalAddress: string;
  mongodbUri: string;
  smtpUrl: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
  }
}

/** Validates the environment; resolves unset service URLs to the embedded stack's loopback defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings are how shells and .env files spell "unset"; treat them so.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        // Never echo the value: it may be a secret.
        return `${name}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    const unchanged = (['LINK_SECRET', 'ADMIN_API_KEY', 'OUTBOUND_WEBHOOK_SECRET'] as const).filter(
      (name) => e[name] === DEV_DEFAULTS[name],
    );
    if (JSON.stringify(e.EVENT_SOURCES) === DEV_DEFAULTS.EVENT_SOURCES) unchanged.push('EVENT_SOURCES' as never);
    if (unchanged.length > 0) {
      throw new ConfigError(unchanged.map((name) => `${name}: must be set to your own secret in production`));
    }
  }
  const dkim = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY].filter(Boolean).length;
  if (dkim !== 0 && dkim !== 3)
    throw new ConfigError(['DKIM_DOMAIN / DKIM_SELECTOR / DKIM_PRIVATE_KEY: set all three or none']);
  const vapid = [e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY].filter(Boolean).length;
  if (vapid === 1) throw new ConfigError(['VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY: set both or neither']);
  if (e.SMS_GATEWAY_URL && !(e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM)) {
    throw new ConfigError(['SMS_GATEWAY_URL: also needs SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM']);
  }
  return {
    ...e,
    temporalAddress: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_PORT}`,
    mongodbUri: e.MONGODB_URI ?? `mongodb://127.0.0.1:${e.FERRETDB_PORT}/omnidrip`,
    smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.SMTP_PORT}`,
  };
}

/** Turns a ConfigError into a clear exit instead of a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
