// A campaign's status as a labelled badge; the colour repeats the word, it never replaces it.
import type { CampaignStatus } from '../api-types';
import { h } from '../dom';

export function statusBadge(status: CampaignStatus) {
  return h('span', { class: `badge badge-${status}` }, status);
}
