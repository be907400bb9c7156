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

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

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
  LINK_SECRET: secret.default('dev-only-link-secret-change-me'),

  // Embedded stack for `npm start` (ignored where the matching external URL is set).
  DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  FERRETDB_PORT: port.default(27017),
  SMTP_PORT: port.default(1025),
  INBOX_PORT: port.default(1080),
  START_WORKER: flag.default(true),
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
  if (e.NODE_ENV === 'production' && e.LINK_SECRET === envSchema.shape.LINK_SECRET.parse(undefined)) {
    throw new ConfigError(['LINK_SECRET: must be set to your own secret in production']);
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
