/** The breakdowns of metrics.md, in the names the API and the CSV use. */
export const DIMENSIONS = [
  'organisation',
  'unit',
  'municipality',
  'track',
  'gender',
  'ageBand',
  'newlyArrived',
  'educationBand',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** ESF+ age bands, judged at the start of the track. */
export const AGE_BANDS = ['lt18', '18_29', '30_54', '55plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Only the birth year is kept (no birth date), so the age is the one reached during the start year. */
export function ageBand(birthYear: number, at: string): AgeBand {
  const age = new Date(at).getUTCFullYear() - birthYear;
  if (age < 18) return 'lt18';
  if (age < 30) return '18_29';
  if (age < 55) return '30_54';
  return '55plus';
}

/** The same band in SQL, for rows that keep a birth year rather than a band. */
export const ageBandSql = (birthYear: string, at: string): string =>
  `CASE WHEN extract(year FROM ${at})::int - ${birthYear} < 18 THEN 'lt18'
        WHEN extract(year FROM ${at})::int - ${birthYear} < 30 THEN '18_29'
        WHEN extract(year FROM ${at})::int - ${birthYear} < 55 THEN '30_54'
        ELSE '55plus' END`;
