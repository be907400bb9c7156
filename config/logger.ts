// Structured logs (pino). Personal data and secrets are redacted by path, so a careless log call
// cannot leak an email address, a token or an API key.
import pino from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["webhook-signature"]',
  'req.headers.cookie',
  '*.email',
  '*.phone',
  '*.token',
  '*.secret',
  '*.password',
  '*.apiKey',
  'contact.firstName',
  'contact.lastName',
];

export function createLogger(options: { level: string; name: string }) {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}

export type Logger = ReturnType<typeof createLogger>;
