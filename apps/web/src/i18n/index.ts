import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { sv } from './sv';
import { areaStrings } from '../areas/strings';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = 'samspar.language';

/** Swedish unless the user chose English; the choice is kept in this browser. */
export function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORED);
  return stored === 'en' ? 'en' : 'sv';
}

export const i18n = i18next.createInstance();

export async function setUpI18n(language: Language = initialLanguage()): Promise<typeof i18n> {
  if (!i18n.isInitialized) {
    await i18n.use(initReactI18next).init({
      lng: language,
      fallbackLng: 'sv',
      resources: {
        sv: { translation: { ...sv, ...areaStrings('sv') } },
        en: { translation: { ...en, ...areaStrings('en') } },
      },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  document.documentElement.lang = i18n.language;
  return i18n;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  globalThis.localStorage?.setItem(STORED, language);
  document.documentElement.lang = language;
}

// Dates and numbers in Swedish format whatever the language: the records are Swedish, and so is the law.
const LOCALE = 'sv-SE';
const STOCKHOLM = 'Europe/Stockholm';

export const formatDate = (iso: string | undefined): string =>
  iso ? new Intl.DateTimeFormat(LOCALE, { dateStyle: 'short', timeZone: STOCKHOLM }).format(new Date(iso)) : '';

export const formatDateTime = (iso: string | undefined): string =>
  iso
    ? new Intl.DateTimeFormat(LOCALE, { dateStyle: 'short', timeStyle: 'short', timeZone: STOCKHOLM }).format(new Date(iso))
    : '';

export const formatTime = (iso: string | Date): string =>
  new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: STOCKHOLM }).format(new Date(iso));

export const formatNumber = (value: number, digits = 0): string =>
  new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(value);

export const formatPercent = (share: number): string =>
  new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** Today in Stockholm, YYYY-MM-DD. */
export const today = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: STOCKHOLM }).format(new Date());
