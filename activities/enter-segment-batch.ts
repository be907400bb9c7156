// One page of a segment launch: reads contacts in _id order, keeps those matching the segment's
// condition and enters each into the campaign (signalWithStart, so a retried batch enters no one twice).
import { Context } from '@temporalio/activity';
import { evaluateCondition } from '../campaigns/conditions';
import type { CampaignDefinition } from '../campaigns/schema';
import { enterJourney, type JourneyTarget } from '../engine/enter-journey';
import { inParallel } from '../engine/in-parallel';
import { contactScopeOf } from '../store/contact-scope';
import type { Contact } from '../store/contacts';

const PARALLEL_STARTS = 16;

export interface SegmentBatchResult {
  entered: number;
  scanned: number;
  lastId?: string;
  done: boolean;
  halted?: 'paused' | 'stopped';
}

export function createEnterSegmentBatch(deps: JourneyTarget) {
  return async function enterSegmentBatch(input: {
    campaignId: string;
    version: number;
    afterId?: string;
  }): Promise<SegmentBatchResult> {
    const { store } = deps;
    const campaign = await store.campaigns.findById(input.campaignId, { status: 1 }).lean();
    if (!campaign || campaign.status === 'stopped') return { entered: 0, scanned: 0, done: true, halted: 'stopped' };
    if (campaign.status === 'paused')
      return { entered: 0, scanned: 0, lastId: input.afterId, done: false, halted: 'paused' };
    const version = await store.campaignVersions.findById(`${input.campaignId}@${input.version}`).lean();
    if (!version) return { entered: 0, scanned: 0, done: true, halted: 'stopped' };
    const definition = version.definition as CampaignDefinition;
    const trigger = definition.trigger;
    if (trigger.type === 'event') return { entered: 0, scanned: 0, done: true };

    // The whole page in one read: the condition needs each contact's profile anyway.
    const page = await store.contacts
      .find(input.afterId ? { _id: { $gt: input.afterId } } : {})
      .sort({ _id: 1 })
      .limit(trigger.batchSize)
      .lean<Contact[]>();
    let entered = 0;
    const startedAt = new Date().toISOString();
    await inParallel(page, PARALLEL_STARTS, async (row) => {
      const contactId = String(row._id);
      const contact = contactScopeOf(row);
      if (!contact || !evaluateCondition(trigger.where, { contact: contact as unknown as Record<string, unknown> }))
        return;
      const { outcome } = await enterJourney(deps, {
        campaign: definition,
        version: input.version,
        contactId,
        event: {
          id: `segment:${input.campaignId}@${input.version}:${contactId}`,
          name: 'segment.entered',
          properties: { campaignId: input.campaignId },
          occurredAt: startedAt,
        },
      });
      if (outcome === 'entered') entered++;
      Context.current().heartbeat({ contactId });
    });
    const last = page.at(-1);
    return {
      entered,
      scanned: page.length,
      lastId: last ? String(last._id) : input.afterId,
      done: page.length < trigger.batchSize,
    };
  };
}
