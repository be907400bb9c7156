import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import abandonedCartJson from '../campaigns/abandoned-cart.json' with { type: 'json' };
import backInStockJson from '../campaigns/back-in-stock.json' with { type: 'json' };
import { evaluateCondition, matchesEvent } from '../campaigns/conditions';
import { parseDuration } from '../campaigns/duration';
import { abandonedCart, backInStock, exampleCampaigns, whitepaperDrip } from '../campaigns/examples';
import type { CampaignDefinition, Step } from '../campaigns/schema';
import type { TemplateCatalog } from '../campaigns/template-catalog';
import { validateCampaign } from '../campaigns/validate';
import whitepaperDripJson from '../campaigns/whitepaper-drip.json' with { type: 'json' };
import { CAMPAIGN_SCHEMA_FILE, renderCampaignSchema } from '../scripts/gen-campaign-schema';
import type { Channel } from '../store/contacts';

/** The templates the examples are written against, with the variables such templates typically read. */
const TEMPLATES: Record<string, Partial<Record<Channel, string[]>>> = {
  'whitepaper-download': { email: ['contact.firstName', 'event.properties.title', 'event.properties.downloadUrl'] },
  'whitepaper-followup': { email: ['contact.firstName', 'event.properties.title', 'links.unsubscribe'] },
  'whitepaper-case-study': { email: ['contact.firstName', 'links.unsubscribe'] },
  'whitepaper-demo-offer': { email: ['contact.firstName', 'campaign.name', 'links.unsubscribe'] },
  'cart-reminder': {
    email: [
      'contact.firstName',
      'event.properties.items',
      'event.properties.total',
      'event.properties.currency',
      'event.properties.cartUrl',
    ],
    push: ['event.properties.cartUrl'],
  },
  'cart-incentive': { email: ['contact.firstName', 'event.properties.cartUrl', 'links.unsubscribe'] },
  'back-in-stock-confirmation': { email: ['event.properties.productName', 'event.properties.size'] },
  'back-in-stock-alert': {
    email: [
      'event.properties.productName',
      'event.properties.size',
      'event.properties.productUrl',
      'waited.properties.quantity',
    ],
    push: ['event.properties.productName', 'event.properties.productUrl'],
  },
  'back-in-stock-expired': { email: ['event.properties.productName', 'event.properties.size'] },
};

function catalogWithout(missing?: { template: string; channel: Channel }): TemplateCatalog {
  const known = (id: string, channel: Channel) =>
    !(missing?.template === id && missing.channel === channel) ? TEMPLATES[id]?.[channel] : undefined;
  return {
    has: (id, channel) => known(id, channel) !== undefined,
    variables: (id, channel) => known(id, channel) ?? [],
  };
}

const examples = [
  ['whitepaper-drip', whitepaperDripJson, whitepaperDrip],
  ['abandoned-cart', abandonedCartJson, abandonedCart],
  ['back-in-stock', backInStockJson, backInStock],
] as const;

describe.each(examples)('%s', (id, json, parsed) => {
  test('passes validation against its templates and matches the exported campaign', () => {
    const result = validateCampaign(json, catalogWithout());
    expect(result).toEqual({ ok: true, campaign: parsed });
    expect(parsed.id).toBe(id);
  });
});

test('every template a send step names is checked, fallback channels included', () => {
  const result = validateCampaign(abandonedCartJson, catalogWithout({ template: 'cart-reminder', channel: 'push' }));
  expect(result).toEqual({
    ok: false,
    problems: [
      { path: '/steps/1/template', code: 'missing_template', message: 'Template "cart-reminder" has no push version' },
    ],
  });
});

test('all three examples are exported together', () => {
  expect(exampleCampaigns.map((c) => c.id)).toEqual(['whitepaper-drip', 'abandoned-cart', 'back-in-stock']);
});

function stepById(campaign: CampaignDefinition, id: string): Step {
  const step = campaign.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

/** Days spent waiting along the `next` chain from the start up to the first step of the given type. */
function daysUntil(campaign: CampaignDefinition, type: Step['type']): number {
  let ms = 0;
  for (let step = stepById(campaign, campaign.start); step.type !== type; ) {
    if (step.type === 'wait' && step.duration) ms += parseDuration(step.duration);
    if (!('next' in step) || !step.next) throw new Error(`no ${type} step on the main path`);
    step = stepById(campaign, step.next);
  }
  return ms / 86_400_000;
}

describe('what the examples do', () => {
  test('the whitepaper drip decides on the demo offer on day 9, for contacts who clicked in any mail', () => {
    expect(daysUntil(whitepaperDrip, 'branch')).toBe(9);
    const branch = stepById(whitepaperDrip, 'check-engagement');
    if (branch.type !== 'branch') throw new Error('expected a branch');
    const clickedCaseStudy = {
      engagement: { 'send-download': ['delivered' as const], 'send-case-study': ['clicked' as const] },
    };
    const onlyOpened = { engagement: { 'send-download': ['opened' as const], 'send-followup': ['opened' as const] } };
    expect(evaluateCondition(branch.cases[0]!.when, clickedCaseStudy)).toBe(true);
    expect(evaluateCondition(branch.cases[0]!.when, onlyOpened)).toBe(false);
    expect(stepById(whitepaperDrip, branch.cases[0]!.next!)).toMatchObject({
      type: 'send',
      template: 'whitepaper-demo-offer',
    });
    expect(stepById(whitepaperDrip, branch.otherwise!)).toMatchObject({ type: 'exit' });
  });

  test('the whitepaper drip starts only for the omnichannel guide', () => {
    const where = whitepaperDrip.trigger.type === 'event' ? whitepaperDrip.trigger.where : undefined;
    expect(where && evaluateCondition(where, { event: { properties: { whitepaperId: 'omni-guide' } } })).toBe(true);
    expect(where && evaluateCondition(where, { event: { properties: { whitepaperId: 'pos-guide' } } })).toBe(false);
  });

  test('the abandoned cart reminds an hour after the last change, and any order ends it', () => {
    expect(daysUntil(abandonedCart, 'send') * 24).toBe(1);
    const waits = abandonedCart.steps.filter((s) => s.type === 'wait');
    expect(waits.map((w) => w.type === 'wait' && w.restartOn?.event)).toEqual(['cart.updated', 'cart.updated']);
    const instoreOrder = { name: 'order.completed', properties: { source: 'store', total: 89.95 } };
    expect(abandonedCart.exitOn.some((exit) => matchesEvent(exit, instoreOrder, {}))).toBe(true);
    expect(abandonedCart.entry.reentry).toBe('always');
  });

  test('the size alarm wakes only for a restock of the very variant subscribed to', () => {
    const wait = stepById(backInStock, 'wait-for-restock');
    if (wait.type !== 'waitFor') throw new Error('expected a waitFor');
    const journey = { event: { name: 'back_in_stock.subscribed', properties: { variantId: 'JACKE-42-M' } } };
    const restock = (variantId: string) => ({ name: 'inventory.restocked', properties: { variantId, quantity: 3 } });
    expect(matchesEvent(wait, restock('JACKE-42-M'), journey)).toBe(true);
    expect(matchesEvent(wait, restock('JACKE-42-L'), journey)).toBe(false);
    expect(stepById(backInStock, wait.onTimeout!)).toMatchObject({
      template: 'back-in-stock-expired',
      transactional: true,
    });
    expect(stepById(backInStock, wait.onEvent!)).toMatchObject({ channels: ['push', 'email'], transactional: true });
  });
});

test('campaigns/schema.json is up to date with the zod schema (run `npm run gen:schema`)', () => {
  expect(readFileSync(CAMPAIGN_SCHEMA_FILE, 'utf8')).toBe(renderCampaignSchema());
});
