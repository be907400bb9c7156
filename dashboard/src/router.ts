// Client-side routes on real URLs (/campaigns/abandoned-cart/results), so every screen can be
// bookmarked and reloaded: the server answers those paths with index.html. Screens are loaded on demand,
// so the editor and chart libraries are only fetched by the screens that use them.

export interface ScreenContext {
  params: Record<string, string>;
  query: URLSearchParams;
  navigate(path: string): void;
}

export interface Mounted {
  title: string;
  element: HTMLElement;
  /** Stops timers and listeners when the marketer leaves the screen. */
  dispose?: () => void;
}

export type Screen = (ctx: ScreenContext) => Promise<Mounted>;

export interface Route {
  path: string;
  load: () => Promise<{ render: Screen }>;
}

interface Matched {
  route: Route;
  params: Record<string, string>;
}

function match(routes: Route[], pathname: string): Matched | undefined {
  const parts = pathname.replace(/\/+$/, '').split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = pattern.every((p, i) => {
      const part = parts[i] ?? '';
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(part);
        return part !== '';
      }
      return p === part;
    });
    if (fits) return { route, params };
  }
  return undefined;
}

export interface RouterOptions {
  routes: Route[];
  outlet: HTMLElement;
  /** Where to go instead (e.g. /login without a key), or undefined to show the path. */
  redirect(pathname: string): string | undefined;
  renderError(error: unknown): Mounted;
  onNavigate?(pathname: string): void;
}

export function createRouter(options: RouterOptions) {
  let current: Mounted | undefined;
  let generation = 0;

  async function show() {
    const target = options.redirect(location.pathname);
    if (target && target !== location.pathname + location.search) {
      history.replaceState(null, '', target);
    }
    const run = ++generation;
    const found = match(options.routes, location.pathname);
    let next: Mounted;
    try {
      if (!found) throw new RouteNotFoundError(location.pathname);
      const module = await found.route.load();
      next = await module.render({
        params: found.params,
        query: new URLSearchParams(location.search),
        navigate,
      });
    } catch (err) {
      next = options.renderError(err);
    }
    // A slower earlier navigation must not replace the screen of a later one.
    if (run !== generation) {
      next.dispose?.();
      return;
    }
    current?.dispose?.();
    current = next;
    options.outlet.replaceChildren(next.element);
    document.title = `${next.title} · omnidrip`;
    options.onNavigate?.(location.pathname);
    // Screen readers and keyboard users start at the new screen's heading, as after a page load.
    const heading = options.outlet.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }

  function navigate(path: string) {
    if (path !== location.pathname + location.search) history.pushState(null, '', path);
    void show();
  }

  document.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
    if (!match(options.routes, link.pathname)) return; // /docs, /openapi.json …: a real page load
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  window.addEventListener('popstate', () => void show());

  return { show, navigate };
}

export class RouteNotFoundError extends Error {
  constructor(readonly pathname: string) {
    super(`There is no page at ${pathname}`);
    this.name = 'RouteNotFoundError';
  }
}
