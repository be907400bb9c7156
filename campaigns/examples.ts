// The example campaigns shipped with omnidrip, parsed (defaults applied) and checked once at load time:
// a broken example fails loudly here rather than in a demo.
import abandonedCartJson from './abandoned-cart.json' with { type: 'json' };
import backInStockJson from './back-in-stock.json' with { type: 'json' };
import type { CampaignDefinition } from './schema';
import { parseCampaign } from './validate';
import whitepaperDripJson from './whitepaper-drip.json' with { type: 'json' };

/** Whitepaper download → link at once, follow-ups on day 2 and 5, a demo offer on day 9 to clickers. */
export const whitepaperDrip: CampaignDefinition = parseCampaign(whitepaperDripJson);
/** Cart left alone for an hour → reminder by email and push, an incentive a day later; an order ends it. */
export const abandonedCart: CampaignDefinition = parseCampaign(abandonedCartJson);
/** Size alarm: confirmation, then an alert when exactly that variant is restocked, or a goodbye after 90 days. */
export const backInStock: CampaignDefinition = parseCampaign(backInStockJson);

export const exampleCampaigns: readonly CampaignDefinition[] = [whitepaperDrip, abandonedCart, backInStock];
