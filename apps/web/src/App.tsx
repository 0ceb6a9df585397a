import { lazy } from 'react';
import type { ReactNode } from 'react';
import { Navigate, createBrowserRouter, useLocation } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProblem } from './api/client';
import { SignInCallback, SignInPage } from './auth/SignInPage';
import { CALLBACK_PATH } from './auth/oidc';
import { useSession } from './auth/session';
import type { Role } from './auth/session';
import { areaRoutes } from './areas';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

// Each page is a chunk of its own, fetched when first visited: the first page needs only the layout and sign-in.
const page = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const EvaluatorJourneyPage = page(() => import('./pages/EvaluatorJourneyPage'), 'EvaluatorJourneyPage');
const FindParticipantPage = page(() => import('./pages/FindParticipantPage'), 'FindParticipantPage');
const InboxPage = page(() => import('./pages/InboxPage'), 'InboxPage');
const JourneyPage = page(() => import('./pages/JourneyPage'), 'JourneyPage');
const OutcomesPage = page(() => import('./pages/OutcomesPage'), 'OutcomesPage');
const ParticipantPage = page(() => import('./pages/ParticipantPage'), 'ParticipantPage');
const AccessibilityPage = page(() => import('./pages/AccessibilityPage'), 'AccessibilityPage');
const RegisterParticipantPage = page(() => import('./pages/RegisterParticipantPage'), 'RegisterParticipantPage');

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; a network failure may.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiProblem && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** Signed in, in one of the roles: else to the sign-in page, and back here afterwards. */
export function Signed({ roles, children }: { readonly roles?: readonly Role[]; readonly children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/inloggning" replace state={{ from: location.pathname + location.search }} />;
  // A page of another role (a link kept from an earlier sign-in): the start page of this one.
  if (roles && !roles.includes(session.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

export const routes = [
  {
    element: <Layout />,
    children: [
      { path: '/inloggning', element: <SignInPage /> },
      { path: CALLBACK_PATH, element: <SignInCallback /> },
      { path: '/tillganglighet', element: <AccessibilityPage /> },
      { path: '/', element: <Signed children={<HomePage />} /> },
      { path: '/inkorg', element: <Signed roles={['caseworker']} children={<InboxPage />} /> },
      { path: '/deltagare/ny', element: <Signed roles={['caseworker']} children={<RegisterParticipantPage />} /> },
      { path: '/deltagare/sok', element: <Signed roles={['caseworker']} children={<FindParticipantPage />} /> },
      { path: '/deltagare/:participantId', element: <Signed roles={['caseworker']} children={<ParticipantPage />} /> },
      {
        path: '/deltagare/:participantId/resor/:journeyId',
        element: <Signed roles={['caseworker']} children={<JourneyPage />} />,
      },
      { path: '/utvardering/resa', element: <Signed roles={['evaluator']} children={<EvaluatorJourneyPage />} /> },
      { path: '/rapporter/utfall', element: <Signed roles={['manager', 'evaluator']} children={<OutcomesPage />} /> },
      ...areaRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function App({ queryClient = createQueryClient() }: { readonly queryClient?: QueryClient }) {
  const router = createBrowserRouter(routes);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
