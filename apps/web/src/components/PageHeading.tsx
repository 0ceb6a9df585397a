import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Heading } from '@digdir/designsystemet-react';

/** The page's one h1; it names the tab too, and takes focus after a route change (see Layout). */
export function PageHeading({ children, title }: { readonly children: ReactNode; readonly title: string }) {
  useEffect(() => {
    document.title = `${title} – Samspår`;
  }, [title]);
  return (
    <Heading level={1} data-size="lg" tabIndex={-1} className="page-heading">
      {children}
    </Heading>
  );
}
