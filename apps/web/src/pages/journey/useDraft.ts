import { useCallback, useEffect, useState } from 'react';
import { draftKey } from '../../auth/session';

export type DraftValues = Readonly<Record<string, string | boolean | readonly string[]>>;

/**
 * What the user typed into a form, kept in this tab's sessionStorage under `key`: it survives a sign-in that ran
 * out, a reload or a lost connection, and goes with the tab, when the form is sent or when the user signs out.
 * Kept per user: whoever signs in next in this tab does not get it.
 */
export function useDraft(
  key: string,
  initial: DraftValues,
): [DraftValues, (name: string, value: DraftValues[string]) => void, () => void] {
  const storageKey = draftKey(key);
  const [values, setValues] = useState<DraftValues>(() => {
    try {
      const stored = sessionStorage.getItem(storageKey);
      return stored ? { ...initial, ...(JSON.parse(stored) as DraftValues) } : initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    if (values === initial) return;
    sessionStorage.setItem(storageKey, JSON.stringify(values));
  }, [storageKey, values, initial]);
  const set = useCallback((name: string, value: DraftValues[string]) => setValues((now) => ({ ...now, [name]: value })), []);
  const clear = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setValues(initial);
  }, [storageKey, initial]);
  return [values, set, clear];
}
