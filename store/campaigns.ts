// Campaigns and their frozen versions. A launch copies the draft into an immutable version; journeys
// carry the version they started on, so editing never changes what in-flight customers get.
import { type InferSchemaType, Schema } from 'mongoose';

export const CAMPAIGN_STATUSES = ['draft', 'live', 'paused', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const campaignSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, enum: CAMPAIGN_STATUSES, required: true, default: 'draft' },
    draft: { type: Schema.Types.Mixed, required: true },
    draftRevision: { type: Number, required: true, default: 1 },
    liveVersion: { type: Number },
    latestVersion: { type: Number, default: 0 },
    triggerEvent: { type: String, index: true },
  },
  { timestamps: true, minimize: false, versionKey: false },
);

export const campaignVersionSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${campaignId}@${version}`
    campaignId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    launchedAt: { type: Date, required: true },
  },
  { minimize: false, versionKey: false },
);

export type CampaignRecord = InferSchemaType<typeof campaignSchema>;
export type CampaignVersionRecord = InferSchemaType<typeof campaignVersionSchema>;
