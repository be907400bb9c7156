// The public HTTP API against real Temporal, FerretDB and SMTP, as the website, a marketer and a
// customer use it.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { abandonedCart, whitepaperDrip } from '../campaigns/examples';
import { type ApiServer, startApiServer } from './support/api-server';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { eventually } from './support/eventually';
import { middayTimeZone } from './support/midday-time-zone';

let h: EngineHarness;
let api: ApiServer;

beforeAll(async () => {
  h = await openEngineHarness('api');
  h.startWorker();
  api = await startApiServer(h);
  for (const definition of [whitepaperDrip, abandonedCart]) {
    expect((await api.call('POST', '/v1/campaigns', definition)).status).toBe(201);
    expect((await api.call('POST', `/v1/campaigns/${definition.id}/launch`)).status).toBe(200);
  }
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const download = (email: string, id = `dl-${email}`) => ({
  id,
  name: 'whitepaper.downloaded',
  contact: { email },
  properties: {
    whitepaperId: 'omni-guide',
    title: 'Der Omnichannel-Leitfaden',
    downloadUrl: 'https://nordwind.example/omni-guide.pdf',
  },
});

describe('events from the website', () => {
  test('a signed whitepaper download starts the drip and the first mail arrives; a retry starts nothing new', async () => {
    const email = `leser-${Date.now()}@example.de`;
    const first = await api.sendSigned('/v1/events', download(email));
    expect(first.status).toBe(202);
    const body = (await first.json()) as { accepted: { duplicate: boolean; entered: number; contactId: string }[] };
    expect(body.accepted[0]).toMatchObject({ duplicate: false, entered: 1 });
    const mail = await h.sink.waitFor((m) => m.envelope.to.includes(email));
    expect(mail.parsed.subject).toContain('Omnichannel-Leitfaden');

    const retry = await api.sendSigned('/v1/events', download(email));
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as typeof body).accepted[0]).toMatchObject({ duplicate: true, entered: 0 });
    const contactId = body.accepted[0]!.contactId;
    expect(await h.store.journeys.countDocuments({ contactId, campaignId: 'whitepaper-drip' })).toBe(1);
  });

  test('a batch is accepted as a whole and each event is routed', async () => {
    const a = `batch-a-${Date.now()}@example.de`;
    const b = `batch-b-${Date.now()}@example.de`;
    const res = await api.sendSigned('/v1/events', { events: [download(a), download(b)] });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { accepted: unknown[] }).accepted).toHaveLength(2);
    await h.sink.waitFor((m) => m.envelope.to.includes(a));
    await h.sink.waitFor((m) => m.envelope.to.includes(b));
  });

  test('an order in the store ends the contact’s cart journey', async () => {
    const email = `warenkorb-${Date.now()}@example.de`;
    const cartEvent = {
      id: `cart-${email}`,
      name: 'cart.updated',
      contact: { email },
      properties: {
        cartId: 'c1',
        items: [],
        total: 59,
        currency: 'EUR',
        cartUrl: 'https://shop.nordwind.example/cart',
      },
    };
    const started = (await (await api.sendSigned('/v1/events', cartEvent)).json()) as {
      accepted: { contactId: string }[];
    };
    const contactId = started.accepted[0]!.contactId;
    const journey = async () =>
      (await api.call('GET', `/v1/campaigns/abandoned-cart/journeys/${contactId}`)).json() as Promise<{
        status: string;
        state?: { stepId: string; wakeAt?: string };
      }>;
    const waiting = await eventually(async () => {
      const j = await journey();
      return j.state?.wakeAt ? j : undefined;
    });
    expect(waiting).toMatchObject({ status: 'active', state: { stepId: 'wait-1h' } });

    const order = {
      id: `order-${email}`,
      name: 'order.completed',
      contact: { email },
      properties: { orderId: 'o-9', total: 59, channel: 'store' },
    };
    expect((await api.sendSigned('/v1/events', order)).status).toBe(202);
    const ended = await eventually(async () => {
      const j = await journey();
      return j.status !== 'active' ? j : undefined;
    });
    expect(ended.status).toBe('exited');
    expect(h.sink.to(email)).toHaveLength(0);
  });
});

describe('bad input gets the documented error', () => {
  test('a wrong signature, a stale timestamp or no signature is 401', async () => {
    const body = download('x@example.de', 'sig-1');
    const wrong = await api.sendSigned('/v1/events', body, { secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const stale = await api.sendSigned('/v1/events', body, { timestamp: new Date(Date.now() - 3_600_000) });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/seconds away/);
    const unsigned = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(401);
    expect(await h.store.events.countDocuments({ _id: /sig-1/ })).toBe(0);
  });

  test('malformed JSON is 400, a wrong type is 422 with the JSON pointer of the field', async () => {
    const malformed = await api.sendSigned('/v1/events', undefined, { rawBody: '{"id": "m1", "name": ' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { type: string }).type).toContain('malformed-json');

    const wrongType = await api.sendSigned('/v1/events', { id: 'w1', name: 42, contact: { email: 'not-an-email' } });
    expect(wrongType.status).toBe(422);
    const problem = (await wrongType.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/name', '/contact/email']));
  });

  test('an unknown campaign is 404; a campaign with a broken step reference is 422 at its path', async () => {
    for (const [method, path] of [
      ['GET', '/v1/campaigns/gibt-es-nicht'],
      ['POST', '/v1/campaigns/gibt-es-nicht/launch'],
      ['GET', '/v1/campaigns/gibt-es-nicht/stats'],
    ] as const) {
      const res = await api.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const broken = structuredClone(abandonedCart) as { id: string; steps: { next?: string }[] };
    broken.id = 'broken-cart';
    broken.steps[0]!.next = 'gibt-es-nicht';
    const res = await api.call('POST', '/v1/campaigns/validate', broken);
    const result = (await res.json()) as { ok: boolean; problems: { path: string; code: string }[] };
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ path: '/steps/0/next', code: 'unknown_step' }));
    expect((await api.call('POST', '/v1/campaigns', broken)).status).toBe(201); // a draft may be unfinished…
    const launch = await api.call('POST', '/v1/campaigns/broken-cart/launch'); // …but it cannot go live
    expect(launch.status).toBe(422);
    expect(((await launch.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain(
      '/steps/0/next',
    );
  });

  test('an API call without a key is 401, with a read-only key on a write route 403', async () => {
    expect((await fetch(`${api.url}/v1/campaigns`)).status).toBe(401);
    expect((await api.call('GET', '/v1/campaigns', undefined, { authorization: 'Bearer od_nope' })).status).toBe(401);
  });
});

describe('customers and what their interactions are worth', () => {
  const newsletter = {
    id: 'tipps',
    name: 'Tipps',
    trigger: { type: 'event', event: 'guide.requested', properties: ['title', 'downloadUrl'] },
    guardrails: { quietHours: null, frequencyCapPerDay: null },
    start: 'one',
    steps: [
      { id: 'one', type: 'send', channels: ['email'], template: 'whitepaper-followup', next: 'pause' },
      { id: 'pause', type: 'wait', duration: '3s', next: 'two' },
      { id: 'two', type: 'send', channels: ['email'], template: 'whitepaper-case-study' },
    ],
  };

  test('one-click unsubscribe stops all later marketing mail; opens and clicks are counted; stats match the inbox', async () => {
    expect((await api.call('POST', '/v1/campaigns', newsletter)).status).toBe(201);
    expect((await api.call('POST', '/v1/campaigns/tipps/launch')).status).toBe(200);
    const email = `abmelder-${Date.now()}@example.de`;
    const contact = (await (
      await api.call('POST', '/v1/contacts', {
        email,
        firstName: 'Kai',
        timeZone: middayTimeZone(),
        consent: { email: 'granted' },
      })
    ).json()) as { id: string };
    await api.sendSigned('/v1/events', {
      id: `g-${email}`,
      name: 'guide.requested',
      contact: { email },
      properties: { title: 'Packliste', downloadUrl: 'https://nordwind.example/p.pdf' },
    });
    const mail = await h.sink.waitFor((m) => m.envelope.to.includes(email));
    const local = (u: string) => u.replace('https://news.nordwind.example', api.url);

    // The mail client opens the pixel and the reader clicks a link.
    const pixel = /src="(https:\/\/news\.nordwind\.example\/t\/o\/[^"]+)"/.exec(String(mail.parsed.html))?.[1];
    expect((await fetch(local(pixel!))).headers.get('content-type')).toBe('image/gif');
    const link = /href="(https:\/\/news\.nordwind\.example\/t\/c\/[^"]+)"/.exec(String(mail.parsed.html))?.[1];
    const click = await fetch(local(link!), { redirect: 'manual' });
    expect(click.status).toBe(302);
    const target = click.headers.get('location');
    expect(target).toMatch(/^https:\/\//);
    expect(target).not.toContain('/t/c/'); // the original link, not another tracking hop

    // RFC 8058: the mailbox provider posts to the List-Unsubscribe URL.
    // mailparser folds List-* headers into one object; read the raw lines as a mailbox provider would.
    const header = (key: string) => mail.parsed.headerLines.find((l) => l.key === key)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsubscribeUrl = /<(https:[^>]+)>/.exec(header('list-unsubscribe'))?.[1];
    const unsub = await fetch(local(unsubscribeUrl!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsub.status).toBe(200);

    const skipped = await eventually(async () => {
      const d = await h.store.deliveries.findOne({ contactId: contact.id, stepId: 'two' }).lean();
      return d ?? undefined;
    });
    expect(skipped.status).toBe('skipped');
    expect(h.sink.to(email)).toHaveLength(1);

    await eventually(
      async () =>
        (await h.store.journeys.findOne({ contactId: contact.id, campaignId: 'tipps', status: 'completed' }).lean()) ??
        undefined,
    );
    const stats = (await (await api.call('GET', '/v1/campaigns/tipps/stats')).json()) as {
      total: Record<string, number>;
      steps: { stepId: string; passed: number }[];
    };
    // Every step was finished once, including the send that was skipped after the unsubscribe.
    expect(Object.fromEntries(stats.steps.map((s) => [s.stepId, s.passed]))).toEqual({ one: 1, pause: 1, two: 1 });
    expect(stats.total).toMatchObject({
      entered: 1,
      sent: h.sink.to(email).length,
      opened: 1,
      clicked: 1,
      unsubscribed: 1,
      skipped: 1,
    });

    const timeline = (await (await api.call('GET', `/v1/contacts/${contact.id}/timeline`)).json()) as {
      events: { name: string }[];
    };
    expect(timeline.events.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'guide.requested',
        'email.sent',
        'email.opened',
        'email.clicked',
        'email.unsubscribed',
        'journey.entered',
      ]),
    );
  });

  test('a newsletter sign-up gets a double opt-in mail; consent is granted only by its link', async () => {
    const email = `neu-${Date.now()}@example.de`;
    const signup = { id: `signup-${Date.now()}`, email, firstName: 'Ida', locale: 'de' };
    const res = await api.sendSigned('/v1/subscriptions', signup);
    expect(res.status).toBe(202);
    const { contactId, status } = (await res.json()) as { contactId: string; status: string };
    expect(status).toBe('confirmation_sent');
    expect((await api.sendSigned('/v1/subscriptions', signup)).status).toBe(202); // a retried form post
    const mail = await h.sink.waitFor((m) => m.envelope.to.includes(email));
    expect(mail.parsed.subject).toContain('bestätige');
    const pending = (await (await api.call('GET', `/v1/contacts/${contactId}`)).json()) as {
      consent: { email: { status: string } };
    };
    expect(pending.consent.email.status).toBe('pending');

    const confirm = /href="(https:\/\/news\.nordwind\.example\/t\/c\/[^"]+)"[^>]*>[^<]*Anmeldung bestätigen/.exec(
      String(mail.parsed.html),
    )?.[1];
    const local = (u: string) => u.replace('https://news.nordwind.example', api.url);
    const hop = await fetch(local(confirm!), { redirect: 'manual' });
    const page = await fetch(local(hop.headers.get('location')!));
    expect(await page.text()).toContain('Deine Anmeldung ist bestätigt');
    const granted = (await (await api.call('GET', `/v1/contacts/${contactId}`)).json()) as {
      consent: { email: { status: string } };
    };
    expect(granted.consent.email.status).toBe('granted');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.to(email)).toHaveLength(1);
  });

  test('a purchase after a mail is a conversion with its value, attributed to the last touch', async () => {
    const email = `kaeufer-${Date.now()}@example.de`;
    await api.sendSigned('/v1/events', download(email));
    await h.sink.waitFor((m) => m.envelope.to.includes(email));
    await eventually(async () =>
      (await h.store.deliveries.countDocuments({ campaignId: 'whitepaper-drip', status: 'accepted', address: email }))
        ? true
        : undefined,
    );
    await api.sendSigned('/v1/events', {
      id: `buy-${email}`,
      name: 'order.completed',
      contact: { email },
      properties: { total: 249.5, channel: 'web' },
    });
    const stats = (await (await api.call('GET', '/v1/campaigns/whitepaper-drip/stats')).json()) as {
      total: Record<string, number>;
      conversionsByLastTouchChannel: Record<string, { converted: number; revenue: number }>;
    };
    expect(stats.total.converted).toBeGreaterThanOrEqual(1);
    expect(stats.total.revenue).toBeGreaterThanOrEqual(249.5);
    expect(stats.conversionsByLastTouchChannel.email?.converted).toBeGreaterThanOrEqual(1);
  });

  test('erase leaves no personal data in any collection and ends the running journeys', async () => {
    const email = `vergessen-${Date.now()}@example.de`;
    const res = await api.call('POST', '/v1/contacts', {
      email,
      firstName: 'Henrietta',
      lastName: 'Vergessmeinnicht',
      phone: '+4915112345678',
      consent: { email: 'granted' },
    });
    const { id } = (await res.json()) as { id: string };
    await api.sendSigned('/v1/events', download(email, `erase-${email}`));
    await h.sink.waitFor((m) => m.envelope.to.includes(email));
    const erased = await api.call('DELETE', `/v1/contacts/${id}`);
    expect(erased.status).toBe(200);
    expect(((await erased.json()) as { journeysStopped: number }).journeysStopped).toBe(1);

    const db = h.store.conn.db!;
    for (const { name } of await db.listCollections().toArray()) {
      const all = JSON.stringify(await db.collection(name).find().toArray());
      for (const personal of [email, 'Henrietta', 'Vergessmeinnicht', '+4915112345678']) {
        expect(all.includes(personal), `${personal} in ${name}`).toBe(false);
      }
    }
    expect((await api.call('GET', `/v1/contacts/${id}`)).status).toBe(404);
    const stopped = await eventually(
      async () => (await h.store.journeys.findOne({ contactId: id, status: 'stopped' }).lean()) ?? undefined,
    );
    expect(stopped.campaignId).toBe('whitepaper-drip');
  });
});

describe('templates and results over time', () => {
  test('a template upload is checked, listed and previewed; unsaved edits preview without being stored', async () => {
    const files = {
      'meta.json': JSON.stringify({ channels: ['email'] }),
      'email.de.subject.hbs': 'Hallo {{contact.firstName}}',
      'email.de.html.hbs': '<p>Neu bei Nordwind: {{event.properties.title}}</p>',
    };
    const broken = await api.call('PUT', '/v1/templates/herbst', {
      files: { ...files, 'email.de.html.hbs': '<p>{{#if}}</p>' },
    });
    expect(broken.status).toBe(422);
    expect((await api.call('PUT', '/v1/templates/herbst', { files })).status).toBe(200);
    const list = (await (await api.call('GET', '/v1/templates')).json()) as { templates: { id: string }[] };
    expect(list.templates.map((t) => t.id)).toContain('herbst');

    const preview = await api.call('POST', '/v1/templates/herbst/preview', {
      channel: 'email',
      event: { name: 'x', properties: { title: 'Daunenjacken' } },
    });
    const rendered = (await preview.json()) as { subject: string; html: string; text: string };
    expect(rendered.subject).toBe('Hallo Lena');
    expect(rendered.text).toContain('Neu bei Nordwind: Daunenjacken');
    const draft = await api.call('POST', '/v1/templates/herbst/preview', {
      channel: 'email',
      event: { name: 'x', properties: { title: 'Daunenjacken' } },
      files: { ...files, 'email.de.subject.hbs': 'Entwurf für {{contact.firstName}}' },
    });
    expect(((await draft.json()) as { subject: string }).subject).toBe('Entwurf für Lena');
    const stored = (await (await api.call('GET', '/v1/templates/herbst')).json()) as { files: Record<string, string> };
    expect(stored.files['email.de.subject.hbs']).toBe('Hallo {{contact.firstName}}');
  });

  test('the series of a campaign counts what was sent, hour by hour', async () => {
    const res = await api.call('GET', '/v1/campaigns/whitepaper-drip/stats/series?interval=hour');
    const { buckets } = (await res.json()) as { buckets: { sent: number; entered: number }[] };
    const stats = (await (await api.call('GET', '/v1/campaigns/whitepaper-drip/stats')).json()) as {
      total: { sent: number; entered: number };
    };
    expect(buckets.reduce((n, b) => n + b.sent, 0)).toBe(stats.total.sent);
    expect(buckets.reduce((n, b) => n + b.entered, 0)).toBe(stats.total.entered);
  });
});

describe('keys, limits and metrics', () => {
  test('a read-only key reads but cannot write; keys are listed without the secret; a revoked key is refused', async () => {
    const created = await api.call('POST', '/v1/api-keys', { name: 'Reporting', scopes: ['read'] });
    expect(created.status).toBe(201);
    const { key, id } = (await created.json()) as { key: string; id: string };
    const asReader = { authorization: `Bearer ${key}` };
    expect((await api.call('GET', '/v1/campaigns', undefined, asReader)).status).toBe(200);
    const write = await api.call('POST', '/v1/contacts', { email: 'x@example.de' }, asReader);
    expect(write.status).toBe(403);
    const listed = JSON.stringify(await (await api.call('GET', '/v1/api-keys')).json());
    expect(listed).toContain('Reporting');
    expect(listed).not.toContain(key);

    const other = (await (await api.call('POST', '/v1/api-keys', { name: 'Old', scopes: ['write'] })).json()) as {
      key: string;
      id: string;
    };
    expect((await api.call('DELETE', `/v1/api-keys/${other.id}`)).status).toBe(200);
    expect((await api.call('GET', '/v1/campaigns', undefined, { authorization: `Bearer ${other.key}` })).status).toBe(
      401,
    );
    expect(id).toMatch(/^[a-f0-9]{16}$/);
  });

  test('a body over the limit is 413, a non-JSON body 415, both as problem+json', async () => {
    const big = await api.call('POST', '/v1/contacts', {
      email: 'big@example.de',
      attributes: { blob: 'x'.repeat(2_000_000) },
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    const form = await fetch(`${api.url}/v1/contacts`, {
      method: 'POST',
      headers: { authorization: 'Bearer od_dev_admin_key_change_me', 'content-type': 'text/plain' },
      body: 'email=x',
    });
    expect(form.status).toBe(415);
  });

  test("a campaign step's message previews for sample data without sending", async () => {
    const before = h.sink.messages.length;
    const res = await api.call('POST', '/v1/campaigns/abandoned-cart/preview', {
      stepId: 'send-reminder',
      locale: 'en',
      event: {
        name: 'cart.updated',
        properties: {
          cartId: 'c',
          items: [
            {
              sku: 'a',
              name: 'Fleece Jacket',
              size: 'L',
              quantity: 1,
              price: 89,
              imageUrl: 'https://x.example/i.jpg',
              url: 'https://x.example/p',
            },
          ],
          total: 89,
          currency: 'EUR',
          cartUrl: 'https://x.example/cart',
        },
      },
    });
    const rendered = (await res.json()) as { subject: string; text: string };
    expect(res.status, JSON.stringify(rendered)).toBe(200);
    expect(rendered.text).toContain('Fleece Jacket');
    expect(h.sink.messages.length).toBe(before);
  });

  test('metrics count accepted events on the API and deliveries by channel and status on the worker', async () => {
    const api_ = await (await fetch(`${api.url}/metrics`)).text();
    expect(api_).toMatch(/omnidrip_events_accepted_total\{duplicate="false"\} [1-9]/);
    const worker = await h.workerMetrics!();
    expect(worker).toMatch(/omnidrip_deliveries_total\{channel="email",status="accepted"\} [1-9]/);
  });
});

describe('the API describes itself', () => {
  test('every route is in the OpenAPI document, and the document is valid OpenAPI 3.1', async () => {
    const doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const documented = new Set(
      Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId)),
    );
    expect(api.specs.length).toBeGreaterThan(20);
    for (const spec of api.specs) expect(documented.has(spec.operationId), spec.operationId).toBe(true);
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
  });
});
