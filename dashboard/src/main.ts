// The shell: routes, the sign-in guard, navigation state. Screens live in screens/, one per file.
import { SIGNED_OUT_EVENT } from './api-client';
import { errorView } from './components/error-view';
import { createRouter, type Route } from './router';
import { session } from './session';

const routes: Route[] = [
  { path: '/login', load: () => import('./screens/login') },
  { path: '/campaigns', load: () => import('./screens/campaign-list') },
  { path: '/campaigns/new', load: () => import('./screens/campaign-new') },
  { path: '/campaigns/:id', load: () => import('./screens/campaign-journey') },
  { path: '/campaigns/:id/edit', load: () => import('./screens/campaign-editor') },
  { path: '/campaigns/:id/results', load: () => import('./screens/campaign-results') },
  { path: '/templates', load: () => import('./screens/template-list') },
  { path: '/templates/:id', load: () => import('./screens/template-editor') },
  { path: '/contacts', load: () => import('./screens/contact-search') },
  { path: '/contacts/:id', load: () => import('./screens/contact-timeline') },
];

const outlet = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;

const router = createRouter({
  routes,
  outlet,
  redirect(pathname) {
    if (!session.key() && pathname !== '/login') {
      return `/login?next=${encodeURIComponent(pathname === '/' ? '/campaigns' : pathname + location.search)}`;
    }
    if (pathname === '/' || pathname === '') return '/campaigns';
    return undefined;
  },
  renderError: errorView,
  onNavigate(pathname) {
    nav.hidden = !session.key();
    for (const link of nav.querySelectorAll('a')) {
      const active = pathname === link.pathname || pathname.startsWith(`${link.pathname}/`);
      if (active) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  },
});

document.getElementById('sign-out')?.addEventListener('click', () => {
  session.signOut();
  router.navigate('/login');
});
window.addEventListener(SIGNED_OUT_EVENT, () => {
  session.signOut();
  router.navigate(`/login?next=${encodeURIComponent(location.pathname)}`);
});

void router.show();
