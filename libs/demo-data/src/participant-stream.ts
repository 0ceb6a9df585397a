import {
  CommandContext,
  Identity,
  ParticipantState,
  acceptReferralDecider,
  assignCaseworkerDecider,
  closeJourneyDecider,
  completeInterventionDecider,
  correctStepDecider,
  declineReferralDecider,
  endTrackEnrolmentDecider,
  enrolInTrackDecider,
  expireReferralDecider,
  initialParticipantState,
  interruptInterventionDecider,
  openJourneyDecider,
  participantStreamName,
  planInterventionDecider,
  recordConsentDecider,
  recordLabourMarketStatusDecider,
  referParticipantDecider,
  registerParticipantDecider,
  reopenJourneyDecider,
  startInterventionDecider,
  withdrawConsentDecider,
  withdrawReferralDecider,
  PROTECTED_IDENTITY_PERMISSION,
} from '@samspar/journeys';
import { Actor } from '@samspar/kernel';
import { DecidedStream, DemoStream } from './decided-stream';
import { ParticipantPlan, StepCommand } from './participant-story';

// The deciders as the api runs them, with the sharing rule that decides who may record what.
const scoped = {
  recordConsent: recordConsentDecider,
  withdrawConsent: withdrawConsentDecider,
  refer: referParticipantDecider,
  withdrawReferral: withdrawReferralDecider,
  openJourney: openJourneyDecider,
  assignCaseworker: assignCaseworkerDecider,
  enrol: enrolInTrackDecider,
  endEnrolment: endTrackEnrolmentDecider,
  plan: planInterventionDecider,
  start: startInterventionDecider,
  complete: completeInterventionDecider,
  interrupt: interruptInterventionDecider,
  status: recordLabourMarketStatusDecider,
  close: closeJourneyDecider,
  reopen: reopenJourneyDecider,
  correct: correctStepDecider,
};

/**
 * The participant's whole stream, decided command by command by the real deciders on an in-memory fold.
 * `identity` is what registration would store: sealed personal data and the lookup hash, or anonymous.
 */
export function participantStream(plan: ParticipantPlan, identity: Identity): DemoStream {
  const stream = new DecidedStream<ParticipantState>(participantStreamName(plan.participantId), initialParticipantState);
  const protectedIdentity = identity.kind === 'anonymous' && identity.reason === 'protected_identity';
  const context = (at: number, actor: Actor): CommandContext => {
    const occurredAt = new Date(at).toISOString();
    // Recorded as it happens: the caseworker's now is the step's own time.
    return {
      occurredAt,
      now: occurredAt,
      actor,
      correlationId: plan.correlationId,
      ...(protectedIdentity ? { permissions: [PROTECTED_IDENTITY_PERMISSION] } : {}),
    };
  };
  stream.decide(
    registerParticipantDecider,
    {
      kind: 'RegisterParticipant',
      participantId: plan.participantId,
      identity,
      attributes: plan.attributes,
      protectedIdentity,
    },
    context(plan.registration.at, plan.registration.actor),
    [plan.registration.eventId],
  );
  for (const step of plan.steps) decideStep(stream, step.command, context(step.at, step.actor), [step.eventId]);
  return stream.toStream();
}

function decideStep(
  stream: DecidedStream<ParticipantState>,
  command: StepCommand,
  context: CommandContext,
  ids: readonly string[],
): void {
  switch (command.kind) {
    case 'RecordConsent':
      return stream.decide(scoped.recordConsent, command, context, ids);
    case 'WithdrawConsent':
      return stream.decide(scoped.withdrawConsent, command, context, ids);
    case 'ReferParticipant':
      return stream.decide(scoped.refer, command, context, ids);
    case 'AcceptReferral':
      return stream.decide(acceptReferralDecider, command, context, ids);
    case 'DeclineReferral':
      return stream.decide(declineReferralDecider, command, context, ids);
    case 'WithdrawReferral':
      return stream.decide(scoped.withdrawReferral, command, context, ids);
    case 'ExpireReferral':
      return stream.decide(expireReferralDecider, command, context, ids);
    case 'OpenJourney':
      return stream.decide(scoped.openJourney, command, context, ids);
    case 'AssignCaseworker':
      return stream.decide(scoped.assignCaseworker, command, context, ids);
    case 'EnrolInTrack':
      return stream.decide(scoped.enrol, command, context, ids);
    case 'EndTrackEnrolment':
      return stream.decide(scoped.endEnrolment, command, context, ids);
    case 'PlanIntervention':
      return stream.decide(scoped.plan, command, context, ids);
    case 'StartIntervention':
      return stream.decide(scoped.start, command, context, ids);
    case 'CompleteIntervention':
      return stream.decide(scoped.complete, command, context, ids);
    case 'InterruptIntervention':
      return stream.decide(scoped.interrupt, command, context, ids);
    case 'RecordLabourMarketStatus':
      return stream.decide(scoped.status, command, context, ids);
    case 'CloseJourney':
      return stream.decide(scoped.close, command, context, ids);
    case 'ReopenJourney':
      return stream.decide(scoped.reopen, command, context, ids);
    case 'CorrectStep':
      return stream.decide(scoped.correct, command, context, ids);
    default: {
      const unknown: never = command;
      throw new Error(`No decider for ${String((unknown as { kind?: string }).kind)}`);
    }
  }
}
