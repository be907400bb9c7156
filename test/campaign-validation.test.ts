import { describe, expect, test } from 'vitest';
import type { TemplateCatalog } from '../campaigns/template-catalog';
import { InvalidCampaignError, type Problem, parseCampaign, validateCampaign } from '../campaigns/validate';
import type { Channel } from '../store/contacts';

/** Templates by id, each with the channels it has and the variables it reads. */
function catalogOf(templates: Record<string, Partial<Record<Channel, string[]>>>): TemplateCatalog {
  return {
    has: (id, channel) => templates[id]?.[channel] !== undefined,
    variables: (id, channel) => templates[id]?.[channel] ?? [],
  };
}

function problemsOf(input: unknown, catalog?: TemplateCatalog): Problem[] {
  const result = validateCampaign(input, catalog);
  if (result.ok) throw new Error('expected the campaign to be rejected');
  return result.problems;
}

const where = (problems: Problem[]) => problems.map(({ path, code }) => ({ path, code }));

/** A small valid campaign that each test bends in one place. */
function campaign(overrides: Record<string, unknown> = {}) {
  return {
    id: 'newsletter-welcome',
    name: 'Willkommen im Newsletter',
    trigger: { type: 'event', event: 'newsletter.subscribed', properties: ['source', 'coupon'] },
    start: 'welcome',
    steps: [
      { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'pause' },
      { id: 'pause', type: 'wait', duration: '3d', next: 'tips' },
      { id: 'tips', type: 'send', channels: ['email'], template: 'tips' },
    ],
    ...overrides,
  };
}

const catalog = catalogOf({
  welcome: { email: ['contact.firstName', 'event.properties.coupon', 'links.unsubscribe'] },
  tips: { email: ['contact.firstName', 'campaign.name', 'message.id'] },
});

test('a valid campaign comes back parsed, with defaults filled in', () => {
  const result = validateCampaign(campaign(), catalog);
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.campaign.entry.reentry).toBe('never');
  expect(result.campaign.guardrails).toEqual({ quietHours: { start: '21:00', end: '08:00' }, frequencyCapPerDay: 3 });
  expect(result.campaign.steps[0]).toMatchObject({ transactional: false });
});

test('a campaign with many mistakes gets every one of them at once, each at its exact place', () => {
  const broken = {
    id: 'welcome-series',
    name: '',
    trigger: { type: 'event', event: 'newsletter.subscribed', properties: ['source'] },
    goal: { event: 'order.completed', attributionWindow: '500d' },
    start: 'welcome',
    steps: [
      { id: 'welcome', type: 'send', channels: ['email', 'sms'], template: 'welcome', next: 'pause' },
      { id: 'pause', type: 'wait', next: 'check' },
      {
        id: 'check',
        type: 'branch',
        cases: [{ when: { engaged: { step: 'pause', action: 'opened' } }, next: 'tips' }],
        otherwise: 'goodbye',
      },
      { id: 'tips', type: 'send', channels: ['email'], template: 'tips', delay: '1d', next: 'check' },
      { id: 'tips', type: 'exit' },
      { id: 'survey', type: 'send', channels: ['email'], template: 'survey' },
    ],
  };
  const problems = problemsOf(
    broken,
    catalogOf({ welcome: { email: ['event.properties.coupon'] }, survey: { email: ['waited.properties.answer'] } }),
  );

  expect(where(problems)).toEqual([
    { path: '/goal/attributionWindow', code: 'invalid_duration' },
    { path: '/name', code: 'schema' },
    { path: '/steps/0/template', code: 'unknown_variable' },
    { path: '/steps/0/template', code: 'missing_template' },
    { path: '/steps/1', code: 'wait_without_time' },
    { path: '/steps/2', code: 'cycle_without_wait' },
    { path: '/steps/2/cases/0/when/engaged/step', code: 'not_a_send_step' },
    { path: '/steps/2/otherwise', code: 'unknown_step' },
    { path: '/steps/3/delay', code: 'schema' },
    { path: '/steps/4/id', code: 'duplicate_step_id' },
    { path: '/steps/5', code: 'unreachable_step' },
    { path: '/steps/5/template', code: 'unavailable_variable' },
  ]);
  const say = (path: string, code: string) => problems.find((p) => p.path === path && p.code === code)?.message;
  expect(say('/name', 'schema')).toBe('"name" must not be empty');
  expect(say('/steps/3/delay', 'schema')).toBe('"delay" is not a known field here');
  expect(say('/steps/0/template', 'missing_template')).toBe('Template "welcome" has no sms version');
  expect(say('/steps/0/template', 'unknown_variable')).toContain('"event.properties.coupon"');
  expect(say('/steps/2', 'cycle_without_wait')).toBe(
    'Steps "check", "tips" form a loop without a wait or waitFor step; a journey would repeat it endlessly',
  );
  expect(say('/steps/2/otherwise', 'unknown_step')).toBe('There is no step "goodbye" to go to');
  expect(say('/goal/attributionWindow', 'invalid_duration')).toBe('"500d" is longer than the limit of 400 days');
  for (const { message } of problems) expect(message).not.toMatch(/Invalid input|expected .*, received/);
});

describe('shape problems', () => {
  test('zod paths become JSON pointers, with "/" and "~" escaped', () => {
    expect(problemsOf(campaign({ 'utm/source~x': 'mail' }))).toEqual([
      { path: '/utm~1source~0x', code: 'schema', message: '"utm/source~x" is not a known field here' },
    ]);
  });

  test('a wrong step type, a wrong condition operator and a missing field say what is allowed', () => {
    const problems = problemsOf(
      campaign({
        steps: [
          { id: 'welcome', type: 'mail', next: 'pause' },
          { id: 'pause', type: 'wait', duration: '3d', next: 'tips' },
          {
            id: 'tips',
            type: 'branch',
            cases: [{ when: { field: 'contact.locale', op: 'equals', value: 'de' }, next: 'welcome' }],
          },
        ],
      }),
    );
    expect(problems).toEqual([
      {
        path: '/steps/0/type',
        code: 'schema',
        message: '"type" must be one of "send", "wait", "waitFor", "branch", "split", "update", "webhook", "exit"',
      },
      {
        path: '/steps/2/cases/0/when/op',
        code: 'schema',
        message: expect.stringMatching(/^"op" must be one of "eq", "neq", .*"startsWith"$/),
      },
    ]);
    expect(problemsOf(campaign({ start: undefined }))).toEqual([
      { path: '/start', code: 'schema', message: '"start" is required' },
    ]);
  });

  test('something that is not a campaign at all is one problem about the whole', () => {
    expect(problemsOf('hello')).toEqual([{ path: '', code: 'schema', message: 'The campaign must be an object' }]);
  });

  test('a condition of no known form is named as such', () => {
    const problems = problemsOf(
      campaign({ trigger: { type: 'event', event: 'x', where: { field: 'contact.a', is: 1 } } }),
    );
    expect(where(problems)).toEqual([{ path: '/trigger/where', code: 'schema' }]);
    expect(problems[0]!.message).toContain('is not a condition');
  });
});

describe('step references and loops', () => {
  test('references to missing steps are found in every place a step can point', () => {
    const problems = problemsOf(
      campaign({
        start: 'hello',
        steps: [
          { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'nope-1' },
          {
            id: 'ab',
            type: 'split',
            arms: [
              { name: 'a', weight: 1, next: 'nope-2' },
              { name: 'b', weight: 1 },
            ],
          },
          {
            id: 'wait',
            type: 'waitFor',
            event: 'order.completed',
            timeout: '1d',
            onEvent: 'nope-3',
            onTimeout: 'nope-4',
          },
          {
            id: 'check',
            type: 'branch',
            cases: [{ when: { field: 'contact.locale', op: 'eq', value: 'de' }, next: 'nope-5' }],
          },
        ],
      }),
    );
    // An unknown start makes "unreachable" meaningless, so only the references are reported.
    expect(where(problems)).toEqual([
      { path: '/start', code: 'unknown_step' },
      { path: '/steps/0/next', code: 'unknown_step' },
      { path: '/steps/1/arms/0/next', code: 'unknown_step' },
      { path: '/steps/2/onEvent', code: 'unknown_step' },
      { path: '/steps/2/onTimeout', code: 'unknown_step' },
      { path: '/steps/3/cases/0/next', code: 'unknown_step' },
    ]);
  });

  test('steps only reachable from unreachable steps are unreachable too', () => {
    const problems = problemsOf(
      campaign({
        steps: [
          { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome' },
          { id: 'orphan', type: 'wait', duration: '1d', next: 'orphan-child' },
          { id: 'orphan-child', type: 'exit' },
        ],
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Step "orphan" can never be reached from the start step "welcome"',
      'Step "orphan-child" can never be reached from the start step "welcome"',
    ]);
  });

  test('a loop through a wait is a legitimate reminder cycle', () => {
    const reminderLoop = campaign({
      steps: [
        { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'pause' },
        { id: 'pause', type: 'wait', duration: '7d', next: 'check' },
        {
          id: 'check',
          type: 'branch',
          cases: [{ when: { engaged: { step: 'welcome', action: 'clicked' } }, next: 'tips' }],
          otherwise: 'welcome',
        },
        { id: 'tips', type: 'send', channels: ['email'], template: 'tips' },
      ],
    });
    expect(validateCampaign(reminderLoop, catalog).ok).toBe(true);
  });

  test('a step that leads back to itself, or a split loop, never pauses', () => {
    const problems = problemsOf(
      campaign({
        steps: [
          { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'ab' },
          {
            id: 'ab',
            type: 'split',
            arms: [
              { name: 'again', weight: 1, next: 'welcome' },
              { name: 'tag', weight: 1, next: 'tag' },
            ],
          },
          { id: 'tag', type: 'update', addTags: ['looping'], next: 'tag' },
        ],
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: '/steps/0',
        code: 'cycle_without_wait',
        message: expect.stringContaining('"welcome", "ab"'),
      }),
      expect.objectContaining({
        path: '/steps/2',
        code: 'cycle_without_wait',
        message: expect.stringContaining('Step "tag" leads back to itself'),
      }),
    ]);
  });

  test('engagement can only be asked of send steps that exist', () => {
    const problems = problemsOf(
      campaign({
        steps: [
          { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'pause' },
          { id: 'pause', type: 'wait', duration: '3d', next: 'check' },
          {
            id: 'check',
            type: 'branch',
            cases: [
              {
                when: {
                  all: [
                    { engaged: { step: 'welcom', action: 'opened' } },
                    { not: { engaged: { step: 'pause', action: 'clicked' } } },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
    expect(where(problems)).toEqual([
      { path: '/steps/2/cases/0/when/all/0/engaged/step', code: 'unknown_step' },
      { path: '/steps/2/cases/0/when/all/1/not/engaged/step', code: 'not_a_send_step' },
    ]);
  });
});

describe('waits and durations', () => {
  test('a wait needs a duration or a time of day; zero and more than 400 days are refused', () => {
    const problems = problemsOf(
      campaign({
        entry: { reentry: { cooldown: '0m' } },
        steps: [
          { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'pause' },
          { id: 'pause', type: 'wait', next: 'morning' },
          { id: 'morning', type: 'wait', until: { time: '09:00' }, next: 'year' },
          { id: 'year', type: 'wait', duration: '400d', next: 'too-long' },
          { id: 'too-long', type: 'waitFor', event: 'order.completed', timeout: '58w' },
        ],
      }),
    );
    expect(where(problems)).toEqual([
      { path: '/entry/reentry/cooldown', code: 'invalid_duration' },
      { path: '/steps/1', code: 'wait_without_time' },
      { path: '/steps/4/timeout', code: 'invalid_duration' },
    ]);
  });
});

describe('templates and variables', () => {
  test('every channel of a send step needs its template, fallbacks included', () => {
    const problems = problemsOf(
      campaign({ steps: [{ id: 'welcome', type: 'send', channels: ['push', 'email', 'sms'], template: 'welcome' }] }),
      catalogOf({ welcome: { email: [] } }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Template "welcome" has no push version',
      'Template "welcome" has no sms version',
    ]);
  });

  test('a segment campaign has no trigger event for templates or conditions to read', () => {
    const problems = problemsOf(
      campaign({
        trigger: { type: 'segment', where: { field: 'event.properties.plan', op: 'eq', value: 'pro' } },
        steps: [{ id: 'welcome', type: 'send', channels: ['email'], template: 'welcome' }],
      }),
      catalog,
    );
    expect(where(problems)).toEqual([
      { path: '/steps/0/template', code: 'unavailable_variable' },
      { path: '/trigger/where/field', code: 'unavailable_variable' },
    ]);
    expect(problems[1]!.message).toBe(
      'The condition uses "event.properties.plan", but a segment-triggered campaign has no trigger event',
    );
  });

  test('templates may only use the event properties the trigger declares', () => {
    const problems = problemsOf(
      campaign({ trigger: { type: 'event', event: 'newsletter.subscribed', properties: ['source'] } }),
      catalog,
    );
    expect(problems).toEqual([
      {
        path: '/steps/0/template',
        code: 'unknown_variable',
        message:
          'Template "welcome" (email) uses "event.properties.coupon", but "newsletter.subscribed" only declares the properties source',
      },
    ]);
    // Without a declaration any property may be used.
    expect(validateCampaign(campaign({ trigger: { type: 'event', event: 'newsletter.subscribed' } }), catalog).ok).toBe(
      true,
    );
  });

  test('"waited" needs a waitFor step, except inside an event match where it is the matched event', () => {
    const usesWaited = catalogOf({ welcome: { email: [] }, tips: { email: ['waited.properties.total'] } });
    const problems = problemsOf(
      campaign({
        trigger: { type: 'event', event: 'newsletter.subscribed', where: { field: 'waited.name', op: 'exists' } },
        exitOn: [{ event: 'order.completed', where: { field: 'waited.properties.total', op: 'gt', value: 0 } }],
      }),
      usesWaited,
    );
    expect(where(problems)).toEqual([
      { path: '/steps/2/template', code: 'unavailable_variable' },
      { path: '/trigger/where/field', code: 'unavailable_variable' },
    ]);
    const withWaitFor = campaign({
      steps: [
        { id: 'welcome', type: 'send', channels: ['email'], template: 'welcome', next: 'pause' },
        { id: 'pause', type: 'waitFor', event: 'order.completed', timeout: '7d', onEvent: 'tips' },
        { id: 'tips', type: 'send', channels: ['email'], template: 'tips' },
      ],
    });
    expect(validateCampaign(withWaitFor, usesWaited).ok).toBe(true);
  });

  test('variables outside the known roots are unknown; block-local names are fine', () => {
    const problems = problemsOf(
      campaign(),
      catalogOf({
        welcome: { email: ['user.firstName', 'this', 'this.sku', '@index', '@root.contact.email', '@root.shop.name'] },
        tips: { email: [] },
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Template "welcome" (email) uses "user.firstName", but variables must start with contact, event, waited, campaign, links, message',
      'Template "welcome" (email) uses "@root.shop.name", but variables must start with contact, event, waited, campaign, links, message',
    ]);
  });

  test('without a catalog templates are not checked', () => {
    expect(
      validateCampaign(campaign({ steps: [{ id: 'welcome', type: 'send', channels: ['sms'], template: 'nowhere' }] }))
        .ok,
    ).toBe(true);
  });
});

describe('conditions and back-in-stock', () => {
  test('operators get the kind of value they need', () => {
    const problems = problemsOf(
      campaign({
        trigger: {
          type: 'event',
          event: 'newsletter.subscribed',
          where: {
            all: [
              { field: 'contact.locale', op: 'in', value: 'de' },
              { field: 'contact.email', op: 'exists', value: 'yes' },
              { field: 'contact.attributes.orders', op: 'gt' },
              { field: 'contact.attributes.orders', op: 'eq', value: [1, 2] },
              { field: 'contact.tags', op: 'contains', value: ['vip', 'b2b'] },
            ],
          },
        },
      }),
    );
    expect(where(problems)).toEqual([
      { path: '/trigger/where/all/0/value', code: 'invalid_condition' },
      { path: '/trigger/where/all/1/value', code: 'invalid_condition' },
      { path: '/trigger/where/all/2/value', code: 'invalid_condition' },
      { path: '/trigger/where/all/3/value', code: 'invalid_condition' },
    ]);
  });

  test('back-in-stock needs an event trigger and a waitFor step', () => {
    const problems = problemsOf(
      campaign({
        trigger: {
          type: 'schedule',
          cron: '0 9 * * 1',
          where: { field: 'contact.tags', op: 'contains', value: 'waitlist' },
        },
        backInStock: { keyField: 'event.properties.variantId' },
      }),
    );
    expect(problems).toEqual([
      {
        path: '/backInStock',
        code: 'invalid_back_in_stock',
        message: 'A back-in-stock campaign needs an event trigger, the subscription event',
      },
      {
        path: '/backInStock',
        code: 'invalid_back_in_stock',
        message: 'A back-in-stock campaign needs a waitFor step that waits for the restock',
      },
      {
        path: '/backInStock/keyField',
        code: 'unavailable_variable',
        message:
          'The back-in-stock key uses "event.properties.variantId", but a schedule-triggered campaign has no trigger event',
      },
    ]);
  });
});

test('parseCampaign throws a typed error carrying the problems', () => {
  expect(parseCampaign(campaign(), catalog).id).toBe('newsletter-welcome');
  try {
    parseCampaign(campaign({ start: 'nowhere' }));
    expect.unreachable();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidCampaignError);
    expect((err as InvalidCampaignError).code).toBe('invalid_campaign');
    expect(where((err as InvalidCampaignError).problems)).toEqual([{ path: '/start', code: 'unknown_step' }]);
  }
});
