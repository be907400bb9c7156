// The journey's decisions without Temporal: what an event means, where a branch or split goes.
import { describe, expect, test } from 'vitest';
import { type CampaignDefinition, campaignDefinition, type Step } from '../campaigns/schema';
import {
  backInStockKey,
  branchTarget,
  deliveryKey,
  engagementOf,
  interpretEvent,
  listensTo,
  restartsWait,
  satisfiesWaitFor,
  splitTarget,
} from '../workflows/journey-rules';

const cart: CampaignDefinition = campaignDefinition.parse({
  id: 'cart',
  name: 'Cart',
  trigger: { type: 'event', event: 'cart.updated' },
  exitOn: [{ event: 'order.completed' }],
  goal: { event: 'order.completed', valueProperty: 'total' },
  start: 'wait',
  steps: [
    { id: 'wait', type: 'wait', duration: '1h', restartOn: { event: 'cart.updated' }, next: 'remind' },
    { id: 'remind', type: 'send', channels: ['email'], template: 'cart-reminder' },
  ],
});

const ev = (name: string, properties: Record<string, unknown> = {}, id = name) => ({
  id,
  name,
  properties,
  occurredAt: '2026-11-23T10:00:00Z',
});

describe('events reaching a running journey', () => {
  test('a purchase ends the cart journey as a goal', () => {
    expect(interpretEvent(cart, ev('order.completed', { total: 80 }), {})).toEqual({
      retriggers: false,
      exitReason: 'goal:order.completed',
    });
  });

  test('another cart change re-triggers and restarts the wait, an unrelated event does neither', () => {
    expect(interpretEvent(cart, ev('cart.updated'), {}).retriggers).toBe(true);
    const wait = cart.steps[0] as Step;
    expect(restartsWait(wait, ev('cart.updated'), {})).toBe(true);
    expect(restartsWait(wait, ev('page.viewed'), {})).toBe(false);
    expect(interpretEvent(cart, ev('page.viewed'), {})).toEqual({ retriggers: false, exitReason: undefined });
  });

  test('the journey listens to its trigger, exits, goal and engagement', () => {
    const names = listensTo(cart);
    expect(names).toEqual(expect.arrayContaining(['cart.updated', 'order.completed', 'email.clicked', 'push.opened']));
    expect(names).not.toContain('page.viewed');
  });

  test('engagement events name the step they belong to', () => {
    expect(engagementOf(ev('email.clicked', { stepId: 'remind' }))).toEqual({ stepId: 'remind', action: 'clicked' });
    expect(engagementOf(ev('email.clicked'))).toBeUndefined();
    expect(engagementOf(ev('order.completed', { stepId: 'x' }))).toBeUndefined();
  });
});

describe('waiting for a restock', () => {
  const bis = campaignDefinition.parse({
    id: 'bis',
    name: 'Back in stock',
    trigger: { type: 'event', event: 'back_in_stock.subscribed' },
    backInStock: { keyField: 'event.properties.variantId' },
    start: 'wait',
    steps: [
      {
        id: 'wait',
        type: 'waitFor',
        event: 'inventory.restocked',
        where: { field: 'waited.properties.variantId', equalsField: 'event.properties.variantId' },
        timeout: '90d',
        onEvent: 'alert',
      },
      { id: 'alert', type: 'send', channels: ['push'], template: 'back-in-stock-alert', transactional: true },
    ],
  });
  const scope = { event: { name: 'back_in_stock.subscribed', properties: { variantId: 'JKT-42-M' } } };
  const waitFor = bis.steps[0] as Step;

  test('only the restock of the subscribed variant satisfies the wait', () => {
    expect(satisfiesWaitFor(waitFor, ev('inventory.restocked', { variantId: 'JKT-42-M' }), scope)).toBe(true);
    expect(satisfiesWaitFor(waitFor, ev('inventory.restocked', { variantId: 'JKT-42-L' }), scope)).toBe(false);
  });

  test('the wait key names the event and the variant', () => {
    expect(backInStockKey(bis, waitFor, scope)).toBe('inventory.restocked:JKT-42-M');
    expect(backInStockKey(cart, cart.steps[0] as Step, scope)).toBeUndefined();
  });
});

describe('branches and splits', () => {
  const branch = {
    id: 'b',
    type: 'branch' as const,
    cases: [{ when: { engaged: { step: 'mail1', action: 'clicked' as const } }, next: 'demo' }],
    otherwise: 'bye',
  };
  test('a contact who clicked goes to the demo offer, others to the exit', () => {
    expect(branchTarget(branch, { engagement: { mail1: ['delivered', 'opened', 'clicked'] } })).toBe('demo');
    expect(branchTarget(branch, { engagement: { mail1: ['delivered'] } })).toBe('bye');
  });

  test('a split sends the same contact to the same arm every time', () => {
    const split = {
      id: 's',
      type: 'split' as const,
      arms: [
        { name: 'a', weight: 1, next: 'x' },
        { name: 'b', weight: 1, next: 'y' },
      ],
    };
    const first = splitTarget(split, '65a000000000000000000001');
    expect(splitTarget(split, '65a000000000000000000001')).toEqual(first);
    expect(['a', 'b']).toContain(first.arm);
  });

  test('delivery keys differ per visit of a step and are stable otherwise', () => {
    expect(deliveryKey('journey:c:1', 'remind', 1)).toBe(deliveryKey('journey:c:1', 'remind', 1));
    expect(deliveryKey('journey:c:1', 'remind', 1)).not.toBe(deliveryKey('journey:c:1', 'remind', 2));
  });
});
