// Draws a JourneyGraph: the goal and exit events in a band above (they apply at every step), and the
// flow laid out top to bottom by dagre. Nodes are HTML (real text for screen readers and find-in-page,
// links to message previews), edges are SVG underneath. Node sizes are measured once, off screen,
// before the layout; live counts change only numbers, so nothing moves afterwards.
import { Graph, layout } from '@dagrejs/dagre';
import { h, svg } from '../dom';
import { formatCount, formatMoney } from '../format';
import type { JourneyGraph, JourneyNode, NodeKind } from '../journey-graph';

export type Metric = 'entered' | 'active' | 'passed' | 'sent' | 'opened' | 'clicked' | 'converted' | 'revenue';
export type DiagramCounts = Map<string, Partial<Record<Metric, number>>>;

const METRIC_LABELS: Record<Metric, string> = {
  entered: 'entered',
  active: 'in it now',
  passed: 'passed',
  sent: 'sent',
  opened: 'opened',
  clicked: 'clicked',
  converted: 'converted',
  revenue: 'revenue',
};

const KIND_LABELS: Record<NodeKind, string> = {
  trigger: 'Trigger',
  send: 'Send',
  wait: 'Wait',
  waitFor: 'Wait for event',
  branch: 'Branch',
  split: 'A/B split',
  update: 'Update',
  webhook: 'Webhook',
  exit: 'Exit',
  end: 'End',
  missing: 'Missing step',
  goal: 'Goal, at any step',
  exitOn: 'Exit, at any step',
};

function metricsOf(kind: NodeKind): Metric[] {
  if (kind === 'trigger') return ['entered'];
  if (kind === 'send') return ['active', 'passed', 'sent', 'opened', 'clicked', 'converted'];
  if (kind === 'webhook') return ['active', 'passed', 'sent'];
  if (kind === 'goal') return ['converted', 'revenue'];
  if (kind === 'end' || kind === 'missing' || kind === 'exitOn') return [];
  return ['active', 'passed'];
}

function renderNode(node: JourneyNode, leadsTo: string[]) {
  const values = new Map<Metric, HTMLElement>();
  const counts = metricsOf(node.kind).map((metric) => {
    const value = h('dd', null, '–');
    values.set(metric, value);
    return h('div', { 'data-metric': metric }, value, h('dt', null, METRIC_LABELS[metric]));
  });
  const headingId = `node-${node.key.replace(/[^\w-]/g, '_')}`;
  const element = h(
    'article',
    {
      class: `node node-${node.kind}`,
      'data-node': node.key,
      'data-step': node.stepId ?? null,
      'aria-labelledby': headingId,
    },
    h('p', { class: 'node-kind' }, KIND_LABELS[node.kind], node.stepId ? ` · ${node.stepId}` : ''),
    h('h3', { class: 'node-heading', id: headingId }, node.heading),
    node.name ? h('p', { class: 'node-name' }, node.name) : null,
    node.lines.map((line) => h('p', { class: 'node-line' }, line)),
    node.template
      ? h(
          'p',
          { class: 'node-line' },
          h('a', { href: `/templates/${encodeURIComponent(node.template)}` }, 'Preview message'),
        )
      : null,
    counts.length ? h('dl', { class: 'node-counts' }, counts) : null,
    leadsTo.length ? h('p', { class: 'visually-hidden' }, `Leads to: ${leadsTo.join('; ')}`) : null,
  );
  return { element, values };
}

/** Sizes as the browser lays the elements out, measured in a hidden copy of the canvas. */
function measure(elements: HTMLElement[]): { width: number; height: number }[] {
  const probe = h('div', { class: 'diagram-canvas diagram-probe', 'aria-hidden': 'true' }, elements);
  document.body.append(probe);
  const sizes = elements.map((e) => ({ width: e.offsetWidth, height: e.offsetHeight }));
  probe.remove();
  return sizes;
}

function edgePath(points: { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  return first ? `M${first.x},${first.y}${rest.map((p) => ` L${p.x},${p.y}`).join('')}` : '';
}

function place(element: HTMLElement, x: number, y: number, width: number, height: number) {
  Object.assign(element.style, { left: `${x - width / 2}px`, top: `${y - height / 2}px` });
}

let diagrams = 0;

export function journeyDiagram(graph: JourneyGraph, caption: string) {
  // Marker ids are document-global; two diagrams on one page must not share one.
  const arrowId = `arrow-${++diagrams}`;
  const headingOf = new Map(graph.nodes.map((n) => [n.key, n.heading]));
  const leadsTo = (key: string) =>
    graph.edges
      .filter((e) => e.from === key)
      .map((e) => `${headingOf.get(e.to) ?? e.to}${e.label ? ` (${e.label})` : ''}`);

  const nodeValues = new Map<string, Map<Metric, HTMLElement>>();
  const render = (node: JourneyNode) => {
    const { element, values } = renderNode(node, leadsTo(node.key));
    nodeValues.set(node.key, values);
    return element;
  };
  const nodes = graph.nodes.map(render);
  const labels = graph.edges.map((e) =>
    e.label ? h('span', { class: 'edge-label', 'aria-hidden': 'true' }, e.label) : undefined,
  );
  const sizes = measure([...nodes, ...labels.filter((l): l is HTMLSpanElement => l !== undefined)]);

  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, edgesep: 14, marginx: 16, marginy: 16 });
  graph.nodes.forEach((node, i) => {
    g.setNode(node.key, { width: 0, height: 0, ...sizes[i] });
  });
  let labelIndex = graph.nodes.length;
  graph.edges.forEach((edge, i) => {
    const size = edge.label ? sizes[labelIndex++] : { width: 0, height: 0 };
    g.setEdge(edge.from, edge.to, { ...size, labelpos: 'c' }, `e${i}`);
  });
  layout(g);

  graph.nodes.forEach((node, i) => {
    const box = g.node(node.key);
    place(nodes[i] as HTMLElement, box.x ?? 0, box.y ?? 0, box.width, box.height);
  });
  const paths = graph.edges.map((edge, i) => {
    const e = g.edge(edge.from, edge.to, `e${i}`);
    const label = labels[i];
    if (label && e?.x !== undefined && e.y !== undefined) place(label, e.x, e.y, e.width ?? 0, e.height ?? 0);
    return svg('path', { d: edgePath(e?.points ?? []), class: 'edge', 'marker-end': `url(#${arrowId})` });
  });

  const { width = 0, height = 0 } = g.graph();
  const edges = svg(
    'svg',
    { class: 'edges', width, height, 'aria-hidden': 'true', focusable: 'false' },
    svg(
      'defs',
      null,
      svg(
        'marker',
        {
          id: arrowId,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
      ),
    ),
    paths,
  );
  const canvas = h('div', { class: 'diagram-canvas' }, edges, labels, nodes);
  Object.assign(canvas.style, { width: `${width}px`, height: `${height}px` });

  const element = h(
    'figure',
    { class: 'diagram' },
    h('figcaption', { class: 'visually-hidden' }, caption),
    graph.anytime.length
      ? h(
          'div',
          { class: 'anytime', role: 'group', 'aria-label': 'Ends the journey at any step' },
          graph.anytime.map(render),
        )
      : null,
    h('div', { class: 'diagram-scroll', tabindex: '0', role: 'group', 'aria-label': caption }, canvas),
  );

  /** Puts live numbers on the nodes; metrics without a number show "–" (not reported). */
  function showCounts(counts: DiagramCounts) {
    for (const [key, values] of nodeValues) {
      const row = counts.get(key) ?? {};
      for (const [metric, el] of values) {
        const n = row[metric];
        el.textContent = metric === 'revenue' && n !== undefined ? formatMoney(n) : formatCount(n);
      }
    }
  }

  return { element, showCounts };
}
