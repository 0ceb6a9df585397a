import fc from 'fast-check';
import { propertyRuns } from '@samspar/event-store/testing';
import { gallringDueAt, latestDueEntry } from './gallring-rule';

const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
// Leap days and the days around them, where adding and taking years rolls over.
const nearLeapDay = fc
  .record({
    year: fc.integer({ min: 2000, max: 2099 }),
    day: fc.integer({ min: 27, max: 31 }),
    ms: fc.integer({ min: 0, max: 86_399_999 }),
  })
  .map(({ year, day, ms }) => new Date(Date.UTC(year, 1, day) + ms));

describe('The last entries gallring reads', () => {
  it('include every record that is due', () => {
    // `now` near the moment the record falls due, where a bound too tight would show.
    const threeDays = 3 * 86_400_000;
    fc.assert(
      fc.property(fc.oneof(instant, nearLeapDay), fc.integer({ min: -threeDays, max: threeDays }), (lastEntry, offset) => {
        const now = new Date(gallringDueAt(lastEntry).getTime() + offset);
        if (gallringDueAt(lastEntry) <= now) expect(lastEntry.getTime()).toBeLessThanOrEqual(latestDueEntry(now).getTime());
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it('reach a little past them after a 29 February, for the rule to judge', () => {
    const now = new Date('2028-02-29T12:00:00.000Z');
    expect(latestDueEntry(now).toISOString()).toBe('2023-03-01T12:00:00.000Z');
    expect(gallringDueAt(new Date('2023-03-01T00:00:00.000Z')) > now).toBe(true);
    expect(gallringDueAt(new Date('2023-02-28T12:00:00.000Z')) <= now).toBe(true);
  });
});
