// The shipped abandoned-cart campaign on a time-skipping Temporal server: what each customer receives,
// on which channel, and when in journey time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { abandonedCart } from '../campaigns/examples';
import { journeyWorkflowId } from '../engine/enter-journey';
import type { journeyWorkflow } from '../workflows/journey';
import { journeyQuery } from '../workflows/journey-signals';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { middayTimeZone } from './support/midday-time-zone';
import { recordHistory } from './support/record-history';

let h: EngineHarness;
beforeAll(async () => {
  h = await openEngineHarness('cart', { timeSkipping: true });
  h.startWorker();
  await h.launch(abandonedCart);
});
afterAll(async () => {
  await h?.close();
});

let n = 0;
async function shopper() {
  n += 1;
  const email = `kundin${n}-${Date.now()}@example.de`;
  const id = await h.contact({
    email,
    firstName: 'Lena',
    locale: 'de',
    timeZone: middayTimeZone(),
    consent: { email: 'granted' },
  });
  return { id, email };
}

const cart = (items: { name: string; price: number }[]) => ({
  cartId: `c-${n}`,
  items: items.map((i, k) => ({
    sku: `SKU-${k}`,
    name: i.name,
    size: 'M',
    quantity: 1,
    price: i.price,
    imageUrl: 'https://shop.nordwind.example/img.jpg',
    url: 'https://shop.nordwind.example/p',
  })),
  total: items.reduce((s, i) => s + i.price, 0),
  currency: 'EUR',
  cartUrl: 'https://shop.nordwind.example/cart',
});

/** Journey time (ms since start) of each message the journey sent. */
async function sentTimes(contactId: string, start: number) {
  const view = await h.client.workflow
    .getHandle<typeof journeyWorkflow>(journeyWorkflowId('abandoned-cart', contactId))
    .query(journeyQuery);
  return view.sent.map((s) => ({ step: s.stepId, channel: s.channel, after: Date.parse(s.at) - start }));
}

async function journeyTime(): Promise<number> {
  return (await h.env!.currentTimeMs()) as number;
}

describe('abandoned cart', () => {
  test('a purchase 30 minutes after the cart change means no reminder at all', async () => {
    const c = await shopper();
    await h.send({
      name: 'cart.updated',
      contact: { id: c.id },
      properties: cart([{ name: 'Regenjacke Fjord', price: 149.9 }]),
    });
    await h.env!.sleep('30m');
    await h.send({
      name: 'order.completed',
      contact: { id: c.id },
      properties: { orderId: 'o-1', total: 149.9, channel: 'store' },
    });
    await h.env!.sleep('2d');
    const handle = h.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId('abandoned-cart', c.id));
    const result = await handle.result();
    await recordHistory(handle, 'abandoned-cart-purchase');
    expect(result).toMatchObject({ status: 'exited', exitReason: 'goal:order.completed', sent: [] });
    expect(h.sink.to(c.email)).toHaveLength(0);
  });

  test('three cart changes mean one reminder, timed from the last change, then the incentive a day later', async () => {
    const c = await shopper();
    const start = await journeyTime();
    await h.send({
      name: 'cart.updated',
      contact: { id: c.id },
      properties: cart([{ name: 'Wanderschuh Alpin', price: 129 }]),
    });
    await h.env!.sleep('20m');
    await h.send({
      name: 'cart.updated',
      contact: { id: c.id },
      properties: cart([
        { name: 'Wanderschuh Alpin', price: 129 },
        { name: 'Merino-Socken', price: 19 },
      ]),
    });
    await h.env!.sleep('20m');
    await h.send({
      name: 'cart.updated',
      contact: { id: c.id },
      properties: cart([
        { name: 'Wanderschuh Alpin', price: 129 },
        { name: 'Merino-Socken', price: 19 },
        { name: 'Trekkingstock', price: 59 },
      ]),
    });
    await h.env!.sleep('50m');
    expect(h.sink.to(c.email)).toHaveLength(0); // 50 minutes after the last change: still quiet

    await h.env!.sleep('15m');
    const reminder = await h.sink.waitFor((m) => m.envelope.to.includes(c.email));
    expect((await sentTimes(c.id, start)).map((s) => s.step)).toEqual(['send-reminder']);
    await h.env!.sleep('25h');
    const handle = h.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId('abandoned-cart', c.id));
    const result = await handle.result();
    await recordHistory(handle, 'abandoned-cart-three-changes');
    expect(result.status).toBe('completed');

    const sent = result.sent.map((s) => ({ step: s.stepId, channel: s.channel, after: Date.parse(s.at) - start }));
    expect(sent.map((s) => [s.step, s.channel])).toEqual([
      ['send-reminder', 'email'],
      ['send-incentive', 'email'],
    ]);
    const minutes = sent.map((s) => Math.round(s.after / 60_000));
    expect(minutes[0]).toBeGreaterThanOrEqual(100); // 40 min of changes + 1 h after the last
    expect(minutes[0]).toBeLessThan(105);
    expect((minutes[1] ?? 0) - (minutes[0] ?? 0)).toBeGreaterThanOrEqual(24 * 60);

    // The reminder shows the latest cart: all three items.
    expect(reminder.parsed.html).toContain('Trekkingstock');
    expect(reminder.parsed.text).toContain('Merino-Socken');
    expect(h.sink.to(c.email)).toHaveLength(2);
  });
});
