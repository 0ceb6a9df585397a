import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { Signed } from '../auth/Signed';
import type { Role } from '../auth/session';

/**
 * A page as a route whose code is a chunk of its own, loaded by the router before it renders the page. Not
 * React.lazy: a Suspense boundary that showed its fallback is revealed no sooner than 300 ms later, and the page's
 * data is asked for only then.
 * `roles` undefined: any signed-in user; null: no sign-in needed.
 */
export function pageRoute<K extends string>(
  path: string,
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  roles?: readonly Role[] | null,
): RouteObject {
  return {
    path,
    lazy: async () => {
      const Page: ComponentType = (await load())[name];
      return { element: roles === null ? <Page /> : <Signed {...(roles ? { roles } : {})} children={<Page />} /> };
    },
  };
}
