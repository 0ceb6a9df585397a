import fc from 'fast-check';
import { ValidationError } from '@samspar/kernel';
import { composePersonnummer, formatPersonnummer, luhnCheckDigit, parsePersonnummer } from './personnummer';

// Check digits below were worked out by hand with the Luhn weights 2-1-2-1-2-1-2-1-2 over YYMMDDNNN.
const today = new Date('2026-03-01T12:00:00Z');

const given = (input: unknown, on: Date = today) => ({
  then: (expected: object) => expect(parsePersonnummer(input, on)).toEqual(expected),
  thenRejects: (rule: string) => {
    let error: unknown;
    try {
      parsePersonnummer(input, on);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ rule, field: 'personnummer' });
  },
});

const born1990 = {
  value: '199001012385',
  kind: 'personnummer',
  birthDate: '1990-01-01',
  birthYear: 1990,
  legalGender: 'female',
};

const born2000Feb29 = {
  value: '200002291235',
  kind: 'personnummer',
  birthDate: '2000-02-29',
  birthYear: 2000,
  legalGender: 'male',
};

describe('parsePersonnummer', () => {
  describe('When the number is written in any of the accepted forms', () => {
    it.each(['19900101-2385', '199001012385', '900101-2385', '9001012385', ' 19900101-2385 '])(
      'normalises %p to 12 digits',
      (input) => {
        given(input).then(born1990);
      },
    );
  });

  describe('When the second-last digit is odd', () => {
    it('records the legal gender as male', () => {
      given('121212-1212').then({
        value: '201212121212',
        kind: 'personnummer',
        birthDate: '2012-12-12',
        birthYear: 2012,
        legalGender: 'male',
      });
    });
  });

  describe('When it is a samordningsnummer', () => {
    it('reads the day minus 60 as the birth date and keeps the number as written', () => {
      given('900161-2382').then({
        value: '199001612382',
        kind: 'samordningsnummer',
        birthDate: '1990-01-01',
        birthYear: 1990,
        legalGender: 'female',
      });
    });

    it('refuses a day beyond 91', () => {
      given('19900192-2385').thenRejects('personnummer-date');
    });
  });

  describe('When the date is a leap day', () => {
    it('accepts 29 February 2000', () => {
      given('20000229-1235').then(born2000Feb29);
      given('000229-1235').then(born2000Feb29);
    });

    it('refuses 29 February 1900, which was not a leap year', () => {
      given('19000229-1243').thenRejects('personnummer-date');
      given('000229+1235').thenRejects('personnummer-date');
    });
  });

  describe('When the 10-digit form leaves the century open', () => {
    it('reads - as a person who turns at most 99 this year', () => {
      given('991231-1231').then(expect.objectContaining({ value: '199912311231', birthYear: 1999 }));
      given('260301-1236').then(expect.objectContaining({ value: '202603011236', birthDate: '2026-03-01' }));
    });

    it('reads + as a person who turns 100 or more this year', () => {
      given('121212+1212').then(expect.objectContaining({ value: '191212121212', birthYear: 1912 }));
      given('260302+1235').then(expect.objectContaining({ value: '192603021235', birthYear: 1926 }));
    });

    it('refuses + in the 12-digit form, which already names the century', () => {
      given('19121212+1212').thenRejects('personnummer-format');
    });
  });

  describe('When the birth date is after today', () => {
    it('refuses it in both forms', () => {
      given('260302-1235').thenRejects('personnummer-future');
      given('20260302-1235').thenRejects('personnummer-future');
    });

    it('judges today by the calendar in Sweden', () => {
      // 23:30 UTC on 1 March is already 2 March in Stockholm.
      given('260302-1235', new Date('2026-03-01T23:30:00Z')).then(expect.objectContaining({ birthDate: '2026-03-02' }));
    });
  });

  describe('When the number is mistyped', () => {
    it('refuses a wrong check digit', () => {
      given('19900101-2384').thenRejects('personnummer-check-digit');
    });

    it.each(['19901301-2385', '19900100-2385', '19900431-2385', '19900132-2385'])('refuses the non-date %p', (input) => {
      given(input).thenRejects('personnummer-date');
    });

    it.each(['', 'abc', '1990-01-01-2385', '900101 2385', '19900101--2385', '199001012385x', 199001012385, null, undefined])(
      'refuses %p as not a personnummer',
      (input) => {
        given(input).thenRejects('personnummer-format');
      },
    );

    it('names the field the caller gives', () => {
      expect(() => parsePersonnummer('19900101-2384', today, 'contact.personnummer')).toThrow(
        expect.objectContaining({ field: 'contact.personnummer', rule: 'personnummer-check-digit' }),
      );
    });
  });
});

describe('formatPersonnummer', () => {
  it('writes the normalised number as YYYYMMDD-NNNC', () => {
    expect(formatPersonnummer('199001012385')).toBe('19900101-2385');
  });

  it('refuses anything but 12 digits', () => {
    expect(() => formatPersonnummer('900101-2385')).toThrow(TypeError);
  });
});

describe('luhnCheckDigit and composePersonnummer', () => {
  it('agree with the worked examples', () => {
    expect(luhnCheckDigit('121212121')).toBe(2);
    expect(composePersonnummer('1990-01-01', 238)).toBe('199001012385');
    expect(composePersonnummer('1990-01-01', 238, 'samordningsnummer')).toBe('199001612382');
  });
});

describe('Laws of the personnummer', () => {
  const validNumber = fc
    .record({
      birth: fc.date({ min: new Date('1890-01-01T00:00:00Z'), max: new Date('2026-02-28T00:00:00Z'), noInvalidDate: true }),
      birthNumber: fc.integer({ min: 0, max: 999 }),
      kind: fc.constantFrom('personnummer' as const, 'samordningsnummer' as const),
    })
    .map(({ birth, birthNumber, kind }) => {
      const birthDate = birth.toISOString().slice(0, 10);
      return { birthDate, birthNumber, kind, value: composePersonnummer(birthDate, birthNumber, kind) };
    });

  it('a valid number survives format → parse', () => {
    fc.assert(
      fc.property(validNumber, ({ birthDate, birthNumber, kind, value }) => {
        expect(parsePersonnummer(formatPersonnummer(value), today)).toEqual({
          value,
          kind,
          birthDate,
          birthYear: Number(birthDate.slice(0, 4)),
          legalGender: birthNumber % 2 === 0 ? 'female' : 'male',
        });
      }),
    );
  });

  it('the 10-digit form, with + from the year one turns 100, names the same person', () => {
    fc.assert(
      fc.property(validNumber, ({ value }) => {
        const separator = 2026 - Number(value.slice(0, 4)) >= 100 ? '+' : '-';
        expect(parsePersonnummer(`${value.slice(2, 8)}${separator}${value.slice(8)}`, today).value).toBe(value);
      }),
    );
  });

  it('any change of one digit among the ten Luhn digits is refused', () => {
    fc.assert(
      fc.property(validNumber, fc.integer({ min: 2, max: 11 }), fc.integer({ min: 1, max: 9 }), ({ value }, at, by) => {
        const changed = value.slice(0, at) + String((Number(value[at]) + by) % 10) + value.slice(at + 1);
        expect(() => parsePersonnummer(changed, today)).toThrow(ValidationError);
      }),
    );
  });

  it('any input either parses to a number that parses again to itself, or is refused with a ValidationError', () => {
    const input = fc.oneof(fc.string(), fc.stringMatching(/^[0-9+\- ]{0,15}$/), fc.anything());
    const on = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(input, on, (text, date) => {
        let parsed;
        try {
          parsed = parsePersonnummer(text, date);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        expect(parsePersonnummer(formatPersonnummer(parsed.value), date)).toEqual(parsed);
      }),
    );
  });
});
