import { useEffect, useRef } from 'react';

/**
 * What an action just did, said as a status and given focus: the button that opened the action's dialog may be
 * gone (enrolling replaces "Skriv in i spår" by "Avsluta spårdeltagandet"), and focus must not fall to the page's start.
 */
export function SavedNotice({ text }: { readonly text: string | undefined }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <p role="status" className="journey-done" tabIndex={-1} ref={ref}>
      {text}
    </p>
  );
}
