// Charts with Chart.js, registered once with only the parts used (tree-shaken). Every chart is an
// image with a text description; the numbers are also in a table or tiles next to it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { h } from '../dom';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#1f2937';
// Numbers change by polling; animating each refresh would only distract.
Chart.defaults.animation = false;

/** Colours with at least 4.5:1 contrast on white, one per metric wherever it appears. */
export const METRIC_COLORS: Record<string, string> = {
  entered: '#1d4ed8',
  sent: '#0f766e',
  opened: '#6d28d9',
  clicked: '#b45309',
  converted: '#15803d',
  revenue: '#be123c',
};

export function chartFigure(config: ChartConfiguration, description: string) {
  const canvas = h('canvas', { role: 'img', 'aria-label': description });
  const element = h('div', { class: 'chart-box' }, canvas);
  const chart = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, ...config.options },
  } as ChartConfiguration);
  return { element, destroy: () => chart.destroy() };
}
