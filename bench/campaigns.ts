// The campaigns the benchmarks launch, written as a marketer would write them. Guardrails that depend on
// the wall clock (quiet hours) are off so a run at 22:00 measures the same as one at noon; the daily
// frequency cap stays on where the issue lists it as part of the delivery path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignInput } from '../campaigns/schema';
import { REPO_ROOT } from './stack';

export const WHITEPAPER_PROPERTIES = {
  whitepaperId: 'omni-guide',
  title: 'Omnichannel-Leitfaden',
  downloadUrl: 'https://www.nordwind-outdoor.example/downloads/omnichannel-leitfaden.pdf',
};

/** A journey whose first (and only) step sends the whitepaper mail at once. */
export function sendAtOnce(
  id: string,
  event: string,
  options: { transactional: boolean; frequencyCapPerDay: number | null },
): CampaignInput {
  return {
    id,
    name: `Benchmark ${id}`,
    trigger: { type: 'event', event, properties: Object.keys(WHITEPAPER_PROPERTIES) },
    guardrails: { quietHours: null, frequencyCapPerDay: options.frequencyCapPerDay },
    start: 'send-download',
    steps: [
      {
        id: 'send-download',
        type: 'send',
        channels: ['email'],
        template: 'whitepaper-download',
        transactional: options.transactional,
      },
    ],
  };
}

export const RESTOCK = { productId: 'jacket-fjell', variantId: 'jacket-fjell-m-blue' };

/**
 * The shipped back-in-stock campaign (campaigns/back-in-stock.json) as it is, except that it starts at
 * the wait: the benchmark measures the restock fan-out, not the 10,000 confirmations before it.
 */
export function backInStockFromRestock(id: string): CampaignInput {
  const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'campaigns', 'back-in-stock.json'), 'utf8')) as CampaignInput;
  const steps = shipped.steps.filter((s) => s.id !== 'send-confirmation');
  return { ...shipped, id, name: `Benchmark ${id}`, start: 'wait-for-restock', steps };
}

export const SUBSCRIPTION_PROPERTIES = {
  ...RESTOCK,
  productName: 'Fjell Regenjacke',
  size: 'M',
  productUrl: 'https://www.nordwind-outdoor.example/p/jacket-fjell?variant=m-blue',
};

/** Enters every contact with `attributes.cohort === cohort`; they wait, then get the case-study mail. */
export function segmentWaitThenSend(
  id: string,
  cohort: string,
  wait: { duration: string } | { until: { time: string } },
  batchSize: number,
): CampaignInput {
  return {
    id,
    name: `Benchmark ${id}`,
    trigger: { type: 'segment', where: { field: 'contact.attributes.cohort', op: 'eq', value: cohort }, batchSize },
    guardrails: { quietHours: null, frequencyCapPerDay: null },
    start: 'sleep',
    steps: [
      { id: 'sleep', type: 'wait', ...wait, next: 'send-case-study' },
      { id: 'send-case-study', type: 'send', channels: ['email'], template: 'whitepaper-case-study' },
    ],
  };
}

/** The schema's default page (500) for large segments; smaller pages for small ones, so progress shows. */
export function launchBatchSize(contacts: number): number {
  return Math.max(50, Math.min(500, Math.floor(contacts / 10)));
}
