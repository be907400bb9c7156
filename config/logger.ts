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

export function createLogger(options: { level: string; name: string; format?: 'json' | 'pretty' }) {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', singleLine: true },
          },
        }
      : {}),
  });
}

export type Logger = ReturnType<typeof createLogger>;
