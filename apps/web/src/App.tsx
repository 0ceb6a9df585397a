import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProblem } from './api/client';
import { SignInCallback, SignInPage } from './auth/SignInPage';
import { CALLBACK_PATH } from './auth/oidc';
import { areaRoutes } from './areas';
import { pageRoute } from './areas/route';
import { Signed } from './auth/Signed';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

/** The guard of pages that need a sign-in (areas import it from here). */
export { Signed };

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

export const routes = [
  {
    element: <Layout />,
    children: [
      { path: '/inloggning', element: <SignInPage /> },
      { path: CALLBACK_PATH, element: <SignInCallback /> },
      pageRoute('/tillganglighet', () => import('./pages/AccessibilityPage'), 'AccessibilityPage', null),
      { path: '/', element: <Signed children={<HomePage />} /> },
      pageRoute('/inkorg', () => import('./pages/InboxPage'), 'InboxPage', ['caseworker']),
      pageRoute('/utkorg', () => import('./pages/OutboxPage'), 'OutboxPage', ['caseworker']),
      pageRoute('/deltagare/ny', () => import('./pages/RegisterParticipantPage'), 'RegisterParticipantPage', ['caseworker']),
      pageRoute('/deltagare/sok', () => import('./pages/FindParticipantPage'), 'FindParticipantPage', ['caseworker']),
      pageRoute('/deltagare/:participantId', () => import('./pages/ParticipantPage'), 'ParticipantPage', ['caseworker']),
      pageRoute('/deltagare/:participantId/resor/:journeyId', () => import('./pages/JourneyPage'), 'JourneyPage', ['caseworker']),
      pageRoute('/utvardering/resa', () => import('./pages/EvaluatorJourneyPage'), 'EvaluatorJourneyPage', ['evaluator']),
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
