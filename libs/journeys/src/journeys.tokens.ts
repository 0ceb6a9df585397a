/** The participant registry (ParticipantLookup): one participant per person, and the stream of each referral. */
export const PARTICIPANT_REGISTRY = Symbol('PARTICIPANT_REGISTRY');

/** Whether this process expires unanswered referrals (ReferralExpiryOptions). */
export const REFERRAL_EXPIRY_OPTIONS = Symbol('REFERRAL_EXPIRY_OPTIONS');
