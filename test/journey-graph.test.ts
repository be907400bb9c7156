// The journey picture is computed from the campaign JSON: what a marketer sees on each node and edge.
import { describe, expect, test } from 'vitest';
import abandonedCart from '../campaigns/abandoned-cart.json' with { type: 'json' };
import backInStock from '../campaigns/back-in-stock.json' with { type: 'json' };
import whitepaperDrip from '../campaigns/whitepaper-drip.json' with { type: 'json' };
import { journeyGraph } from '../dashboard/src/journey-graph';

const edgesOf = (definition: unknown) =>
  journeyGraph(definition).edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` [${e.label}]` : ''}`);

describe('journeyGraph', () => {
  test('abandoned cart: trigger, waits labelled with their durations, sends with channels; goal and exit beside the flow', () => {
    const graph = journeyGraph(abandonedCart);
    const heading = (key: string) => graph.nodes.find((n) => n.key === key)?.heading;
    expect(heading('trigger')).toBe('When cart.updated happens');
    expect(heading('step:wait-1h')).toBe('Wait 1h');
    expect(heading('step:wait-24h')).toBe('Wait 24h');
    expect(heading('step:send-reminder')).toBe('Send cart-reminder');
    expect(graph.nodes.find((n) => n.key === 'step:send-reminder')?.lines).toEqual(['email, else push']);
    expect(graph.nodes.find((n) => n.key === 'step:wait-1h')?.lines).toEqual(['restarts on cart.updated']);
    expect(graph.anytime.map((n) => n.heading)).toEqual(['Goal: order.completed', 'Exit on order.completed']);
    expect(graph.anytime[0]?.lines).toEqual(['revenue from total', 'last touch within 3d', 'ends the journey']);
    expect(edgesOf(abandonedCart)).toEqual([
      'trigger -> step:wait-1h',
      'step:wait-1h -> step:send-reminder',
      'step:send-reminder -> step:wait-24h',
      'step:wait-24h -> step:send-incentive',
      'step:send-incentive -> end',
    ]);
  });

  test('waitFor steps have an event and a timeout way out', () => {
    const waitFor = backInStock.steps.find((s) => s.type === 'waitFor') as {
      id: string;
      event: string;
      timeout: string;
    };
    const out = edgesOf(backInStock).filter((e) => e.startsWith(`step:${waitFor.id} `));
    expect(out).toHaveLength(2);
    expect(out[0]).toContain(`[${waitFor.event}]`);
    expect(out[1]).toContain(`[after ${waitFor.timeout}]`);
  });

  test('branch cases are labelled with their condition in words, plus "otherwise"', () => {
    const branch = whitepaperDrip.steps.find((s) => s.type === 'branch') as { id: string };
    const labels = journeyGraph(whitepaperDrip)
      .edges.filter((e) => e.from === `step:${branch.id}`)
      .map((e) => e.label);
    expect(labels.at(-1)).toBe('otherwise');
    expect(labels.slice(0, -1).every((l) => l && l !== 'case')).toBe(true);
  });

  test('split arms show their share; a reference to a missing step is drawn as such', () => {
    const graph = journeyGraph({
      trigger: { type: 'event', event: 'signup' },
      start: 'ab',
      steps: [
        {
          id: 'ab',
          type: 'split',
          arms: [
            { name: 'a', weight: 1, next: 'mail' },
            { name: 'b', weight: 3, next: 'nowhere' },
          ],
        },
        { id: 'mail', type: 'send', channels: ['email'], template: 'welcome' },
        { broken: true },
      ],
    });
    expect(graph.edges.filter((e) => e.from === 'step:ab').map((e) => [e.to, e.label])).toEqual([
      ['step:mail', 'a · 25%'],
      ['missing:nowhere', 'b · 75%'],
    ]);
    expect(graph.nodes.map((n) => n.kind)).toEqual(['trigger', 'split', 'send', 'missing', 'end']);
  });

  test('a draft that is not a campaign yet still gives a picture', () => {
    expect(journeyGraph('nonsense').nodes.map((n) => n.kind)).toEqual(['trigger']);
  });
});
