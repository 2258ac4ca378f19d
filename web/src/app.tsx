import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { api, must } from './api/client';
import { getSession, onSessionChange } from './api/session';
import { Loading, ErrorState } from './components/states';
import { setWorkspaceZone } from './lib/format';
import { match, navigate, usePath } from './lib/router';
import { useLoad } from './lib/use-load';
import { Shell } from './shell';
import { WorkspaceContext } from './workspace';

// Every screen is its own chunk: the first load carries only the shell.
const screens = {
  auth: lazy(() => import('./screens/auth')),
  onboarding: lazy(() => import('./screens/onboarding')),
  listings: lazy(() => import('./screens/listings')),
  listingForm: lazy(() => import('./screens/listing-form')),
  listingImport: lazy(() => import('./screens/listing-import')),
  listingDetail: lazy(() => import('./screens/listing-detail')),
  startMarketing: lazy(() => import('./screens/start-marketing')),
  calendar: lazy(() => import('./screens/calendar')),
  posts: lazy(() => import('./screens/posts')),
  inbox: lazy(() => import('./screens/inbox')),
  leads: lazy(() => import('./screens/leads')),
  leadDetail: lazy(() => import('./screens/lead-detail')),
  analytics: lazy(() => import('./screens/analytics')),
  settings: lazy(() => import('./screens/settings')),
};

type Params = Record<string, string>;
const routes: [string, ComponentType<{ params: Params }>][] = [
  ['/onboarding', screens.onboarding],
  ['/listings', screens.listings],
  ['/listings/new', screens.listingForm],
  ['/listings/import', screens.listingImport],
  ['/listings/:id', screens.listingDetail],
  ['/listings/:id/edit', screens.listingForm],
  ['/listings/:id/marketing', screens.startMarketing],
  ['/calendar', screens.calendar],
  ['/posts', screens.posts],
  ['/inbox', screens.inbox],
  ['/inbox/:id', screens.inbox],
  ['/leads', screens.leads],
  ['/leads/:id', screens.leadDetail],
  ['/analytics', screens.analytics],
  ['/settings', screens.settings],
];

function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(() => getSession() !== null);
  useEffect(() => onSessionChange(() => setSignedIn(getSession() !== null)), []);
  return signedIn;
}

export function App() {
  const path = usePath();
  const signedIn = useSignedIn();
  if (!signedIn) {
    const Auth = screens.auth;
    return (
      <Suspense fallback={<Loading />}>
        <Auth params={{ mode: path === '/signup' ? 'signup' : 'login' }} />
      </Suspense>
    );
  }
  return <SignedIn path={path} />;
}

function SignedIn({ path }: { path: string }) {
  const loaded = useLoad(async () => {
    const [me, workspace] = await Promise.all([api.GET('/api/v1/me'), api.GET('/api/v1/workspace')]);
    return { user: must(me).user, workspace: must(workspace) };
  }, []);
  useEffect(() => {
    if (path === '/' || path === '/login' || path === '/signup') navigate('/listings', { replace: true });
  }, [path]);
  if (loaded.state === 'error' && !loaded.data)
    return <ErrorState message={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Opening your workspace…" />;
  setWorkspaceZone(loaded.data.workspace.timezone);
  const found = routes
    .map(([pattern, Screen]) => ({ Screen, params: match(pattern, path) }))
    .find((route) => route.params !== null);
  return (
    <WorkspaceContext.Provider value={{ ...loaded.data, reload: loaded.reload }}>
      <Shell>
        <Suspense fallback={<Loading />}>
          {found ? (
            <found.Screen key={path} params={found.params ?? {}} />
          ) : (
            <ErrorState message="This page does not exist." />
          )}
        </Suspense>
      </Shell>
    </WorkspaceContext.Provider>
  );
}
