import { adminStrings } from './admin.strings';
import { journeyStrings } from './journey.strings';
import { listsStrings } from './lists.strings';
import { reportsStrings } from './reports.strings';

/** Each area's strings under its own top-level keys. */
export const areaStrings = (language: 'sv' | 'en'): Record<string, unknown> =>
  Object.assign({}, ...[listsStrings, journeyStrings, reportsStrings, adminStrings].map((strings) => strings[language]));
