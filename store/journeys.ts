// An index of journeys (one per workflow run), kept by the workflow's activities. The event router
// reads it to signal the journeys that listen for an event, without Temporal visibility queries
// (which are eventually consistent and not available on every server).
import { type InferSchemaType, Schema } from 'mongoose';

export const JOURNEY_STATUSES = ['active', 'completed', 'exited', 'converted', 'stopped', 'failed'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export const journeySchema = new Schema(
  {
    // `${workflowId}@${firstExecutionRunId}`: a contact who re-enters gets a new record, history stays.
    _id: { type: String, required: true },
    workflowId: { type: String, required: true, index: true },
    campaignId: { type: String, required: true },
    campaignVersion: { type: Number, required: true },
    contactId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: JOURNEY_STATUSES, required: true },
    stepId: { type: String },
    // Event names this journey reacts to while active (waitFor, exit, goal, trigger restarts, engagement).
    listensTo: { type: [String], default: [] },
    // For events that are not about one contact (a restock), the key the journey waits on.
    waitKey: { type: String },
    waitingSince: { type: Date },
    splitArm: { type: String },
    passedSteps: { type: [String], default: [] },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date },
  },
  { versionKey: false },
);
journeySchema.index({ contactId: 1, status: 1 });
journeySchema.index({ workflowId: 1, startedAt: -1 });
journeySchema.index({ campaignId: 1, status: 1 });
journeySchema.index({ waitKey: 1, waitingSince: 1 });

export type JourneyRecord = InferSchemaType<typeof journeySchema>;

/** "This waiting journey was woken by a restock": inserted once (see activities/wake-restock-waiters.ts). */
export const restockClaimSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${journey record id}:${wait key}`
    at: { type: Date, required: true },
    // The fan-out page that claimed it: a retried page signals its own claims again, never others'.
    by: { type: String },
  },
  { versionKey: false },
);

/**
 * The latest entry per journey workflow id, read by _id when an event would (re-)enter a contact: whether
 * a journey runs now and when the last one ended (re-entry rules). Kept apart from the per-entry records
 * because a lookup by workflow id alone would be a scan on stores that index only `_id` (FerretDB v1).
 */
export const journeyHeadSchema = new Schema(
  {
    _id: { type: String, required: true }, // the workflow id
    recordId: { type: String, required: true }, // the journey record of the latest entry
    status: { type: String, enum: JOURNEY_STATUSES, required: true },
    endedAt: { type: Date },
  },
  { versionKey: false },
);
