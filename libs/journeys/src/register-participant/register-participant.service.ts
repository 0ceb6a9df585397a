import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { IllegalStateError } from '@samspar/kernel';
import { KEY_VAULT, KeyVault, LOOKUP_HASHER, LookupHasher, parsePersonnummer } from '@samspar/privacy';
import { CommandContext, CommandHandler, CommandOutcome, loadStream } from '../command-handling';
import { Identity, ParticipantState, participantStreamName } from '../participant';
import { COMMAND_HANDLER, PARTICIPANT_REGISTRY } from '../journeys.tokens';
import type { ParticipantLookup } from '../participant-registry';
import { registerParticipantDecider } from './register-participant';
import { RegisterParticipantRequestDto } from './register-participant.request.dto';

/** What is sealed with the participant's key; nothing of it ever reaches an event in plain text. */
export interface PersonalData {
  readonly personnummer: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly phone?: string;
  readonly email?: string;
}

/**
 * Protects the person before the decider sees anything: parses the personnummer, reserves its keyed
 * hash (one participant per person), and seals the personal data with the participant's own key.
 */
@Injectable()
export class ParticipantRegistration {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(LOOKUP_HASHER) private readonly hasher: LookupHasher,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
  ) {}

  async register(body: RegisterParticipantRequestDto, context: CommandContext): Promise<CommandOutcome<ParticipantState>> {
    const participantId = body.participantId;
    if (body.anonymous) {
      const identity: Identity = { kind: 'anonymous', reason: body.anonymousReason ?? 'no_consent' };
      return this.decide(body, identity, body.birthYear!, context);
    }
    const person = parsePersonnummer(body.personnummer, new Date(context.now));
    const lookupHash = this.hasher.hash(person.value);
    const reservation = await this.reserve(lookupHash, participantId);
    const personal: PersonalData = {
      personnummer: person.value,
      ...(body.firstName ? { firstName: body.firstName } : {}),
      ...(body.lastName ? { lastName: body.lastName } : {}),
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.email ? { email: body.email } : {}),
    };
    try {
      const sealed = await this.vault.encrypt(participantId, personal);
      return await this.decide(body, { kind: 'identified', personal: sealed, lookupHash }, person.birthYear, context);
    } catch (error) {
      // A reservation made for a registration that was not stored must not block the person later.
      if (reservation.fresh) await this.registry.release(lookupHash, participantId);
      throw error;
    }
  }

  private decide(body: RegisterParticipantRequestDto, identity: Identity, birthYear: number, context: CommandContext) {
    return this.commands.handle(
      participantStreamName(body.participantId),
      registerParticipantDecider,
      {
        kind: 'RegisterParticipant',
        participantId: body.participantId,
        identity,
        attributes: {
          gender: body.gender,
          birthYear,
          newlyArrived: body.newlyArrived,
          educationBand: body.educationBand,
          ...(body.homeMunicipality ? { homeMunicipality: body.homeMunicipality } : {}),
        },
        protectedIdentity: body.protectedIdentity ?? false,
      },
      context,
    );
  }

  private async reserve(lookupHash: string, participantId: string): Promise<{ fresh: boolean }> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const reservation = await this.registry.reserve(lookupHash, participantId);
      if (reservation.reserved) return reservation;
      // A holder whose registration never reached the log is a leftover of a failed request.
      const holder = await loadStream(this.store, participantStreamName(reservation.heldBy), registerParticipantDecider);
      if (holder.revision >= 0) {
        throw new IllegalStateError(
          'participant-already-registered',
          'A participant with this personnummer is already registered; look the person up instead',
          'personnummer',
        );
      }
      await this.registry.release(lookupHash, reservation.heldBy);
    }
    throw new IllegalStateError(
      'participant-already-registered',
      'The personnummer is being registered right now',
      'personnummer',
    );
  }
}
