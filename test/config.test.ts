// Configuration is checked once at start, and a bad variable is named in the message.
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../config/env';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  test('the embedded stack needs no variables at all', () => {
    const config = loadConfig({});
    expect(config.temporalAddress).toBe('127.0.0.1:7233');
    expect(config.mongodbUri).toBe('mongodb://127.0.0.1:27017/omnidrip');
    expect(config.smtpUrl).toBe('smtp://127.0.0.1:1025');
  });

  test('external services replace the embedded ones', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      MONGODB_URI: 'mongodb://db/x',
      SMTP_URL: 'smtps://u:p@mail:465',
    });
    expect([config.temporalAddress, config.mongodbUri, config.smtpUrl]).toEqual([
      'temporal:7233',
      'mongodb://db/x',
      'smtps://u:p@mail:465',
    ]);
  });

  test('every bad variable is named, none of their values is echoed', () => {
    const problems = problemsOf({
      API_PORT: 'eighty',
      MONGODB_URI: 'postgres://secret-password@db',
      EVENT_SOURCES: '{"shop":"not-a-secret"}',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'API_PORT',
      'EVENT_SOURCES',
      'LOG_LEVEL',
      'MONGODB_URI',
    ]);
    expect(problems.join('\n')).not.toContain('secret-password');
  });

  test('production refuses the development secrets', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ADMIN_API_KEY',
      'EVENT_SOURCES',
      'LINK_SECRET',
      'OUTBOUND_WEBHOOK_SECRET',
    ]);
  });

  test('half a VAPID key pair is an error', () => {
    expect(problemsOf({ VAPID_PUBLIC_KEY: 'x'.repeat(40) })[0]).toMatch(/^VAPID_PUBLIC_KEY/);
  });
});
