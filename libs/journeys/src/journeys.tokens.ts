/** The participant registry (ParticipantLookup): one participant per person, and the stream of each referral. */
export const PARTICIPANT_REGISTRY = Symbol('PARTICIPANT_REGISTRY');

/** Whether this process expires unanswered referrals (ReferralExpiryOptions). */
export const REFERRAL_EXPIRY_OPTIONS = Symbol('REFERRAL_EXPIRY_OPTIONS');

/** The process's CommandHandler, with its cache of folded stream state. */
export const COMMAND_HANDLER = Symbol('COMMAND_HANDLER');
