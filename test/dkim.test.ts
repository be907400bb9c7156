// Mail signed with DKIM verifies against the published key, as a receiving provider would check it.
import { generateKeyPairSync } from 'node:crypto';
import { authenticate } from 'mailauth';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RenderedEmail } from '../activities/channels/channel';
import { channelConfigFromEnv, createChannelRegistry } from '../activities/channels/registry';
import { loadConfig } from '../config/env';
import { MailCatcher } from '../devstack/mail-catcher';

let sink: MailCatcher;
beforeAll(async () => {
  sink = await MailCatcher.start({ smtpPort: 0 });
});
afterAll(async () => {
  await sink?.close();
});

test('a DKIM-signed mail passes verification with the selector’s public key, and fails once altered', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const config = loadConfig({
    SMTP_URL: sink.smtpUrl,
    MAIL_FROM: 'Nordwind Outdoor <news@nordwind.example>',
    DKIM_DOMAIN: 'nordwind.example',
    DKIM_SELECTOR: 'omnidrip',
    // As an operator would put it in one env line.
    DKIM_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
  });
  const registry = createChannelRegistry(channelConfigFromEnv(config));
  const email = registry.get('email');
  const message: RenderedEmail = {
    kind: 'email',
    to: 'kundin@example.de',
    subject: 'Deine Größe ist wieder da',
    html: '<p>Die Regenjacke Fjord in M ist zurück.</p>',
    text: 'Die Regenjacke Fjord in M ist zurück.',
  };
  await email!.send(message as never, { idempotencyKey: 'dkim-test' });
  await registry.closeAll();
  const mail = await sink.waitFor((m) => m.envelope.to.includes('kundin@example.de'));
  expect(mail.raw).toMatch(/^DKIM-Signature: .*d=nordwind\.example/m);

  const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === 'omnidrip._domainkey.nordwind.example') return [[`v=DKIM1; k=rsa; p=${der}`]];
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  };
  const verify = async (raw: string) =>
    (await authenticate(Buffer.from(raw), { resolver, trustReceived: false, disableArc: true, disableBimi: true })).dkim
      .results[0]?.status.result;
  expect(await verify(mail.raw)).toBe('pass');
  expect(mail.raw).toContain('Regenjacke');
  expect(await verify(mail.raw.replaceAll('Regenjacke', 'Regenmantel'))).not.toBe('pass');
});
