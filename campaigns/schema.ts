// The campaign language. This one zod schema is the source of the TypeScript types, the runtime check
// of campaign JSON, campaigns/schema.json and the OpenAPI document. Structural rules live here;
// rules that need the whole campaign (references, reachability, templates) live in validate.ts.
import { z } from 'zod';
import { DURATION_PATTERN } from './duration';

export const duration = z
  .string()
  .regex(DURATION_PATTERN, 'must be a duration like "30m", "1h", "2d" or "1w"')
  .meta({ description: 'A duration: a number and a unit (ms, s, m, h, d, w), e.g. "90m", "2d".' });

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 characters: lower-case letters, digits, "-" and "_"');
const eventName = z
  .string()
  .regex(/^[a-zA-Z0-9][\w.:-]{0,127}$/, 'must be an event name like "cart.updated"')
  .meta({ description: 'An event name, e.g. "whitepaper.downloaded", "order.completed".' });

export const CHANNEL_NAMES = ['email', 'push', 'sms', 'webhook'] as const;
export const channel = z.enum(CHANNEL_NAMES);

/**
 * A path into what a condition can see: `contact.<field>` (email, locale, tags, attributes.x …),
 * `event.<field>` (the trigger event: name, properties.x), `waited.<field>` (the event a waitFor step
 * received). Dots walk into objects.
 */
const fieldPath = z
  .string()
  .regex(/^(contact|event|waited)(\.[\w-]+)+$/, 'must start with "contact.", "event." or "waited."')
  .meta({ description: 'Where the value comes from: "contact.attributes.plan", "event.properties.total" …' });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const COMPARISONS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'exists',
  'startsWith',
] as const;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: (typeof COMPARISONS)[number]; value?: z.infer<typeof scalar> | z.infer<typeof scalar>[] }
  | { engaged: { step: string; action: 'delivered' | 'opened' | 'clicked' } }
  | { field: string; equalsField: string };

export const condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      z.strictObject({ all: z.array(condition).min(1) }),
      z.strictObject({ any: z.array(condition).min(1) }),
      z.strictObject({ not: condition }),
      z.strictObject({
        field: fieldPath,
        op: z.enum(COMPARISONS),
        value: z.union([scalar, z.array(scalar)]).optional(),
      }),
      z.strictObject({
        engaged: z.strictObject({ step: id, action: z.enum(['delivered', 'opened', 'clicked']) }),
      }),
      // Compares two fields, e.g. the restocked variant with the one the contact subscribed to.
      z.strictObject({ field: fieldPath, equalsField: fieldPath }),
    ]),
  )
  .meta({ id: 'Condition', description: 'A filter: a comparison, engagement with a step, or all/any/not of others.' });

const eventMatch = z.strictObject({
  event: eventName,
  where: condition.optional().meta({ description: 'Only events matching this condition count.' }),
});

const trigger = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('event'),
    event: eventName,
    where: condition.optional(),
    properties: z
      .array(z.string().regex(/^[\w-]+$/))
      .optional()
      .meta({
        description: 'Properties the event always carries; templates may only use these (checked on validate).',
      }),
  }),
  z.strictObject({
    type: z.literal('segment'),
    where: condition.meta({ description: 'Contacts matching this enter when the campaign is launched.' }),
    batchSize: z.number().int().min(1).max(10_000).default(500),
  }),
  z.strictObject({
    type: z.literal('schedule'),
    cron: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression, e.g. "0 9 * * 1"')
      .meta({ description: 'When to launch, in the campaign time zone (five-field cron).' }),
    timeZone: z.string().default('Europe/Berlin'),
    where: condition,
    batchSize: z.number().int().min(1).max(10_000).default(500),
  }),
]);

const stepBase = { id, name: z.string().max(200).optional() };
const next = id.optional().meta({ description: 'The step that follows; none ends the journey.' });

const sendStep = z.strictObject({
  ...stepBase,
  type: z.literal('send'),
  channels: z
    .array(channel)
    .min(1)
    .meta({ description: 'In order of preference: a contact who cannot be reached on one gets the next.' }),
  template: id.meta({ description: 'Template id in templates/ or uploaded through the API.' }),
  transactional: z
    .boolean()
    .default(false)
    .meta({ description: 'Confirmations and alerts the contact asked for: no quiet hours or frequency cap.' }),
  next,
});

const waitStep = z.strictObject({
  ...stepBase,
  type: z.literal('wait'),
  duration: duration.optional(),
  until: z
    .strictObject({
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like "09:30"'),
      weekdays: z
        .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
        .min(1)
        .optional(),
    })
    .optional()
    .meta({ description: "Wait until the next such local time in the contact's time zone (after any duration)." }),
  restartOn: eventMatch
    .optional()
    .meta({ description: 'Each matching event starts the wait again, e.g. every cart change.' }),
  next,
});

const waitForStep = z.strictObject({
  ...stepBase,
  type: z.literal('waitFor'),
  ...eventMatch.shape,
  timeout: duration,
  onEvent: next,
  onTimeout: next,
});

const branchStep = z.strictObject({
  ...stepBase,
  type: z.literal('branch'),
  cases: z.array(z.strictObject({ when: condition, next })).min(1),
  otherwise: next,
});

const splitStep = z.strictObject({
  ...stepBase,
  type: z.literal('split'),
  arms: z
    .array(z.strictObject({ name: id, weight: z.number().positive(), next }))
    .min(2)
    .meta({ description: 'Each contact lands in one arm, chosen by a hash of contact and step, so it never changes.' }),
});

const updateStep = z.strictObject({
  ...stepBase,
  type: z.literal('update'),
  set: z.record(z.string().regex(/^[\w-]+$/), scalar).optional(),
  addTags: z.array(z.string().min(1)).optional(),
  removeTags: z.array(z.string().min(1)).optional(),
  next,
});

const webhookStep = z.strictObject({
  ...stepBase,
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  template: id.optional().meta({ description: 'Template whose JSON part is the body; default: contact and trigger.' }),
  next,
});

const exitStep = z.strictObject({ ...stepBase, type: z.literal('exit') });

export const step = z
  .discriminatedUnion('type', [
    sendStep,
    waitStep,
    waitForStep,
    branchStep,
    splitStep,
    updateStep,
    webhookStep,
    exitStep,
  ])
  .meta({ id: 'Step' });

export const campaignDefinition = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Lets editors find campaigns/schema.json; ignored.' }),
    id,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    trigger,
    entry: z
      .strictObject({
        reentry: z
          .union([z.literal('never'), z.literal('always'), z.strictObject({ cooldown: duration })])
          .default('never')
          .meta({ description: 'May a contact walk this journey again after finishing it?' }),
        key: fieldPath.optional().meta({
          description:
            'Gives a contact one journey per value of this field instead of one per campaign, e.g. ' +
            '"event.properties.variantId": a size alarm per variant.',
        }),
      })
      .default({ reentry: 'never' }),
    exitOn: z
      .array(eventMatch)
      .default([])
      .meta({ description: 'Any of these events ends the journey at once, on whatever step it is.' }),
    goal: z
      .strictObject({
        ...eventMatch.shape,
        valueProperty: z.string().default('total').meta({ description: 'Event property holding the revenue.' }),
        attributionWindow: duration.default('5d'),
        exit: z.boolean().default(true),
      })
      .optional()
      .meta({
        description:
          'The conversion: counted, attributed to the last touch in the window, and by default ends the journey.',
      }),
    guardrails: z
      .strictObject({
        quietHours: z
          .strictObject({
            start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
            end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
          })
          .nullable()
          .default({ start: '21:00', end: '08:00' })
          .meta({
            description: 'No marketing send in this local window; the send waits for it to end. null turns it off.',
          }),
        frequencyCapPerDay: z.number().int().min(0).nullable().default(3).meta({
          description: 'At most this many marketing messages per channel per contact per day; null is no cap.',
        }),
      })
      .default({ quietHours: { start: '21:00', end: '08:00' }, frequencyCapPerDay: 3 }),
    backInStock: z
      .strictObject({
        keyField: fieldPath.meta({ description: 'What the contact waits for, e.g. "event.properties.variantId".' }),
        limitToQuantity: z.boolean().default(true),
      })
      .optional()
      .meta({ description: 'For restock waits: one inventory event wakes the earliest subscribers first.' }),
    start: id.meta({ description: 'The first step.' }),
    steps: z.array(step).min(1),
  })
  .meta({ id: 'Campaign', title: 'omnidrip campaign' });

export type CampaignDefinition = z.infer<typeof campaignDefinition>;
export type CampaignInput = z.input<typeof campaignDefinition>;
export type Step = z.infer<typeof step>;
export type StepType = Step['type'];
export type Trigger = CampaignDefinition['trigger'];
export type EventMatch = z.infer<typeof eventMatch>;
