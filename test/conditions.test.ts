import { describe, expect, test } from 'vitest';
import {
  type ConditionScope,
  conditionFields,
  engagedSteps,
  evaluateCondition,
  matchesEvent,
  readField,
} from '../campaigns/conditions';
import type { Condition } from '../campaigns/schema';

const scope: ConditionScope = {
  contact: {
    email: 'anna@example.de',
    locale: 'de',
    tags: ['newsletter', 'vip'],
    attributes: { plan: 'pro', orders: 10, lastOrderAt: '2024-03-01T10:00:00+01:00', nickname: null },
  },
  event: {
    name: 'cart.updated',
    properties: {
      total: '129.90',
      currency: 'EUR',
      items: [{ sku: 'JACKE-M' }, { sku: 'SCHAL' }],
      cartUrl: 'https://shop.example.de/cart/42',
    },
  },
  engagement: { 'send-reminder': ['delivered', 'clicked'], 'send-followup': ['delivered'] },
};

const holds = (cond: Condition, s: ConditionScope = scope) => evaluateCondition(cond, s);

describe('comparisons', () => {
  test('strings compare case-sensitively', () => {
    expect(holds({ field: 'contact.attributes.plan', op: 'eq', value: 'pro' })).toBe(true);
    expect(holds({ field: 'contact.attributes.plan', op: 'eq', value: 'Pro' })).toBe(false);
    expect(holds({ field: 'contact.attributes.plan', op: 'neq', value: 'Pro' })).toBe(true);
    expect(holds({ field: 'event.properties.cartUrl', op: 'startsWith', value: 'https://shop.example.de/' })).toBe(
      true,
    );
  });

  test('numbers compare numerically, also when the shop sends them as text', () => {
    expect(holds({ field: 'contact.attributes.orders', op: 'gt', value: 9 })).toBe(true);
    expect(holds({ field: 'contact.attributes.orders', op: 'lte', value: 9 })).toBe(false);
    expect(holds({ field: 'event.properties.total', op: 'gte', value: 100 })).toBe(true);
    expect(holds({ field: 'event.properties.total', op: 'lt', value: 100 })).toBe(false);
    expect(holds({ field: 'event.properties.currency', op: 'gt', value: 1 })).toBe(false);
  });

  test('ISO-8601 dates compare as instants, whatever their offset', () => {
    // 10:00+01:00 is 09:00Z: before 09:30Z, although the text sorts after it.
    expect(holds({ field: 'contact.attributes.lastOrderAt', op: 'lt', value: '2024-03-01T09:30:00Z' })).toBe(true);
    expect(holds({ field: 'contact.attributes.lastOrderAt', op: 'eq', value: '2024-03-01T09:00:00.000Z' })).toBe(true);
    expect(holds({ field: 'contact.attributes.lastOrderAt', op: 'gte', value: '2024-03-02' })).toBe(false);
    expect(
      holds(
        { field: 'contact.createdAt', op: 'gt', value: '2024-01-01' },
        { contact: { createdAt: new Date('2024-06-01T00:00:00Z') } },
      ),
    ).toBe(true);
  });

  test('in and nin take a list; a list field is "in" when it shares an item', () => {
    expect(holds({ field: 'contact.locale', op: 'in', value: ['de', 'at', 'ch'] })).toBe(true);
    expect(holds({ field: 'contact.locale', op: 'nin', value: ['de', 'at', 'ch'] })).toBe(false);
    expect(holds({ field: 'contact.tags', op: 'in', value: ['vip', 'b2b'] })).toBe(true);
    expect(holds({ field: 'contact.tags', op: 'in', value: ['b2b'] })).toBe(false);
    expect(holds({ field: 'contact.attributes.missing', op: 'nin', value: ['x'] })).toBe(true);
  });

  test('contains looks into lists and strings', () => {
    expect(holds({ field: 'contact.tags', op: 'contains', value: 'vip' })).toBe(true);
    expect(holds({ field: 'contact.tags', op: 'contains', value: 'VIP' })).toBe(false);
    expect(holds({ field: 'contact.tags', op: 'contains', value: ['vip', 'newsletter'] })).toBe(true);
    expect(holds({ field: 'contact.email', op: 'contains', value: '@example.de' })).toBe(true);
    expect(holds({ field: 'contact.attributes.orders', op: 'contains', value: 1 })).toBe(false);
  });

  test('exists is true for any value but null or missing, and false turns it around', () => {
    expect(holds({ field: 'contact.email', op: 'exists' })).toBe(true);
    expect(holds({ field: 'contact.attributes.nickname', op: 'exists' })).toBe(false);
    expect(holds({ field: 'contact.attributes.nickname', op: 'exists', value: false })).toBe(true);
    expect(holds({ field: 'contact.phone', op: 'exists', value: false })).toBe(true);
    expect(holds({ field: 'contact.phone', op: 'eq', value: null })).toBe(true);
  });

  test('.length is the size of a list or a string; numeric segments index lists', () => {
    expect(holds({ field: 'event.properties.items.length', op: 'eq', value: 2 })).toBe(true);
    expect(holds({ field: 'contact.locale.length', op: 'eq', value: 2 })).toBe(true);
    expect(readField('event.properties.items.1.sku', scope)).toBe('SCHAL');
    expect(readField('contact.attributes.length', scope)).toBeUndefined();
    expect(readField('contact.toString', scope)).toBeUndefined();
  });

  test('a comparison with a missing field is false, not an error', () => {
    expect(holds({ field: 'waited.properties.variantId', op: 'eq', value: 'M' })).toBe(false);
    expect(holds({ field: 'contact.attributes.orders.count', op: 'gt', value: 0 })).toBe(false);
  });
});

describe('combinations, engagement and field equality', () => {
  test('all, any and not combine conditions', () => {
    const vipInGermany: Condition = {
      all: [
        { field: 'contact.locale', op: 'eq', value: 'de' },
        {
          any: [
            { field: 'contact.tags', op: 'contains', value: 'vip' },
            { field: 'contact.attributes.orders', op: 'gt', value: 50 },
          ],
        },
        { not: { field: 'contact.tags', op: 'contains', value: 'blocked' } },
      ],
    };
    expect(holds(vipInGermany)).toBe(true);
    expect(holds(vipInGermany, { ...scope, contact: { ...scope.contact, locale: 'fr' } })).toBe(false);
  });

  test('a click counts as an open and a delivery; a delivery is not an open', () => {
    expect(holds({ engaged: { step: 'send-reminder', action: 'clicked' } })).toBe(true);
    expect(holds({ engaged: { step: 'send-reminder', action: 'opened' } })).toBe(true);
    expect(holds({ engaged: { step: 'send-followup', action: 'opened' } })).toBe(false);
    expect(holds({ engaged: { step: 'send-followup', action: 'delivered' } })).toBe(true);
    expect(holds({ engaged: { step: 'never-sent', action: 'delivered' } })).toBe(false);
  });

  test('equalsField compares two fields, and two missing fields are not equal', () => {
    const sameVariant: Condition = { field: 'waited.properties.variantId', equalsField: 'event.properties.variantId' };
    const subscribed = { properties: { variantId: 'JACKE-M' } };
    expect(holds(sameVariant, { event: subscribed, waited: { properties: { variantId: 'JACKE-M' } } })).toBe(true);
    expect(holds(sameVariant, { event: subscribed, waited: { properties: { variantId: 'JACKE-L' } } })).toBe(false);
    expect(holds(sameVariant, { event: {}, waited: {} })).toBe(false);
  });
});

describe('matchesEvent', () => {
  const restockOfMySize = {
    event: 'inventory.restocked',
    where: { field: 'waited.properties.variantId', equalsField: 'event.properties.variantId' },
  } as const;
  const journey: ConditionScope = { event: { name: 'back_in_stock.subscribed', properties: { variantId: 'JACKE-M' } } };

  test('the incoming event is "waited" inside where, the trigger stays "event"', () => {
    expect(
      matchesEvent(restockOfMySize, { name: 'inventory.restocked', properties: { variantId: 'JACKE-M' } }, journey),
    ).toBe(true);
    expect(
      matchesEvent(restockOfMySize, { name: 'inventory.restocked', properties: { variantId: 'JACKE-S' } }, journey),
    ).toBe(false);
  });

  test('another event name never matches; no where matches every event of the name', () => {
    expect(
      matchesEvent(restockOfMySize, { name: 'inventory.updated', properties: { variantId: 'JACKE-M' } }, journey),
    ).toBe(false);
    expect(matchesEvent({ event: 'order.completed' }, { name: 'order.completed', properties: {} }, {})).toBe(true);
  });
});

test('conditionFields and engagedSteps list what a condition reads', () => {
  const cond: Condition = {
    any: [
      { engaged: { step: 'send-download', action: 'clicked' } },
      { not: { field: 'contact.attributes.plan', op: 'eq', value: 'pro' } },
      { field: 'waited.properties.variantId', equalsField: 'event.properties.variantId' },
      {
        all: [
          { engaged: { step: 'send-followup', action: 'opened' } },
          { field: 'contact.attributes.plan', op: 'exists' },
        ],
      },
    ],
  };
  expect(conditionFields(cond)).toEqual([
    'contact.attributes.plan',
    'waited.properties.variantId',
    'event.properties.variantId',
  ]);
  expect(engagedSteps(cond)).toEqual(['send-download', 'send-followup']);
});
