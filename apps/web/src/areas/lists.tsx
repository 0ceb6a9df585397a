import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';
import { pageRoute } from './route';

const lists = () => import('../pages/lists/WorkLists');

export const listsRoutes: RouteObject[] = [
  pageRoute('/arenden', lists, 'JourneysListPage', ['caseworker']),
  pageRoute('/att-gora', lists, 'TasksPage', ['caseworker']),
];

export const listsNav: AreaNav = {
  caseworker: [
    ['/arenden', 'lists.journeys'],
    ['/att-gora', 'lists.tasks'],
  ],
};

const sv = {
  participantActions: {
    recordConsent: 'Registrera samtycke',
    consentIntro:
      'Samtycket avgör vilka uppgifter som får delas med en annan organisation (OSL). Skriv inga personuppgifter i syftet.',
    shareWith: 'Dela med',
    purpose: 'Syfte',
    validFrom: 'Gäller från',
    validUntil: 'Gäller till och med',
    validUntilHelp: 'Lämna tomt om samtycket gäller tills det återkallas.',
    withdrawConsent: 'Återkalla samtycket',
    withdrawIntro:
      'Uppgifterna delas inte längre med {{organisations}} från och med nu. Det som redan delats finns kvar i historiken.',
    refer: 'Skicka remiss',
    referIntro: 'Mottagaren måste omfattas av ett gällande samtycke.',
    to: 'Till',
    reason: 'Anledning',
    suggestedTrack: 'Föreslaget spår',
    reasons: {
      work_preparation: 'Arbetsförberedande insatser',
      education: 'Utbildning',
      health_assessment: 'Bedömning av hälsa och arbetsförmåga',
      income_support_coordination: 'Samordning av försörjningsstöd',
      other: 'Annat',
    },
  },
  lists: {
    journeys: 'Mina ärenden',
    tasks: 'Att göra',
    searchLabel: 'Sök bland ärendena',
    view: 'Visa',
    views: {
      mine: 'Mina öppna',
      unit: 'Min enhets öppna',
      idle: 'Vilande (ingen händelse på 30 dagar)',
      followUpDue: 'Uppföljning att göra',
      all: 'Alla öppna i organisationen',
      closed: 'Avslutade',
    },
    search: 'Sök på namn',
    find: 'Sök',
    empty: 'Inga ärenden här.',
    noMatch: 'Inget ärende matchar sökningen.',
    more: 'Visa fler',
    caption: '{{count}} ärenden',
    participant: 'Deltagare',
    caseworker: 'Handläggare',
    opened: 'Öppnad',
    lastActivity: 'Senast hänt',
    state: 'Läge',
    idle: 'Vilande',
    followUpsDue: '{{count}} uppföljning att göra',
    shared: 'Delad genom samtycke',
    names: {
      shown: '–',
      erased: 'Gallrad',
      anonymous: 'Anonym',
      protected_identity: 'Skyddade personuppgifter',
      not_shared: 'Ej delad',
      none: 'Utan namn',
    },
    whose: 'Vems',
    scopes: { mine: 'Mina', unit: 'Min enhets', organisation: 'Organisationens' },
    noTasks: 'Inget att göra just nu.',
    overdue: 'Försenad',
    due: 'senast {{date}}',
    taskKinds: {
      follow_up_1m: 'Uppföljning efter 1 månad',
      follow_up_90d: 'Uppföljning efter 90 dagar',
      follow_up_6m: 'Uppföljning efter 6 månader',
      referral_awaiting_answer: 'Remiss att besvara',
      referral_expiring: 'Remiss som snart löper ut',
      idle_journey: 'Vilande resa',
    },
  },
};

const en: typeof sv = {
  participantActions: {
    recordConsent: 'Record consent',
    consentIntro:
      'The consent decides what may be shared with another organisation (OSL). Write no personal data in the purpose.',
    shareWith: 'Share with',
    purpose: 'Purpose',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    validUntilHelp: 'Leave empty if the consent holds until withdrawn.',
    withdrawConsent: 'Withdraw the consent',
    withdrawIntro: 'Nothing more is shared with {{organisations}} from now on. What was shared stays in the history.',
    refer: 'Send a referral',
    referIntro: 'A valid consent must name the receiver.',
    to: 'To',
    reason: 'Reason',
    suggestedTrack: 'Suggested track',
    reasons: {
      work_preparation: 'Work preparation',
      education: 'Education',
      health_assessment: 'Health and work capacity assessment',
      income_support_coordination: 'Income support coordination',
      other: 'Other',
    },
  },
  lists: {
    journeys: 'My cases',
    tasks: 'To do',
    searchLabel: 'Search the cases',
    view: 'Show',
    views: {
      mine: 'My open',
      unit: 'My unit’s open',
      idle: 'Idle (nothing for 30 days)',
      followUpDue: 'Follow-up due',
      all: 'All open in the organisation',
      closed: 'Closed',
    },
    search: 'Search by name',
    find: 'Search',
    empty: 'No cases here.',
    noMatch: 'No case matches the search.',
    more: 'Show more',
    caption: '{{count}} cases',
    participant: 'Participant',
    caseworker: 'Caseworker',
    opened: 'Opened',
    lastActivity: 'Last activity',
    state: 'State',
    idle: 'Idle',
    followUpsDue: '{{count}} follow-up due',
    shared: 'Shared by consent',
    names: {
      shown: '–',
      erased: 'Erased',
      anonymous: 'Anonymous',
      protected_identity: 'Protected identity',
      not_shared: 'Not shared',
      none: 'No name',
    },
    whose: 'Whose',
    scopes: { mine: 'Mine', unit: 'My unit’s', organisation: 'The organisation’s' },
    noTasks: 'Nothing to do right now.',
    overdue: 'Overdue',
    due: 'by {{date}}',
    taskKinds: {
      follow_up_1m: 'Follow-up after 1 month',
      follow_up_90d: 'Follow-up after 90 days',
      follow_up_6m: 'Follow-up after 6 months',
      referral_awaiting_answer: 'Referral to answer',
      referral_expiring: 'Referral about to expire',
      idle_journey: 'Idle journey',
    },
  },
};

export const listsStrings = { sv, en };
