import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { Gauge, register } from 'prom-client';
import { HEALTH_DETAILS } from './health-details';
import type { HealthDetails } from './health-details';

const PING_TIMEOUT_MS = 3_000;
/** An append open longer than this holds readers back noticeably: named in readiness and the log. */
const HORIZON_WARN_SECONDS = 5;
const HORIZON_METRIC = 'samspar_read_horizon_age_seconds';

@ApiTags('health')
// Orchestrators probe without a token.
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('ReadHorizon');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly moduleRef: ModuleRef,
  ) {
    if (!eventStore.horizonHolder) return;
    // Another app in the same process (a test) replaces the gauge rather than failing on the name.
    register.removeSingleMetric(HORIZON_METRIC);
    new Gauge({
      name: HORIZON_METRIC,
      help: "How long the oldest of Samspår's appends still open has held readers back (0 when none)",
      async collect() {
        this.set((await eventStore.horizonHolder!().catch(() => undefined))?.seconds ?? 0);
      },
    });
  }

  /** Readiness names a Samspår backend whose open append holds readers back, and the log warns of it. */
  private async horizon() {
    const indicator = this.indicators.check('read-horizon');
    const holder = await this.eventStore.horizonHolder!().catch(() => undefined);
    if (!holder || holder.seconds < HORIZON_WARN_SECONDS) return indicator.up({ heldBy: null });
    const heldBy = { ...holder, seconds: Math.round(holder.seconds) };
    this.logger.warn(
      { heldBy },
      `Readers wait for backend ${holder.pid} (${holder.application || 'no application name'}, ${holder.state}), whose append has been open for ${heldBy.seconds} s`,
    );
    // Informative: the api still serves commands, and reads wait for the holder to end.
    return indicator.up({ heldBy });
  }

  /** Details a module offers (the read models' positions and lag), if the app has one. */
  private get details(): HealthDetails | undefined {
    try {
      return this.moduleRef.get<HealthDetails>(HEALTH_DETAILS, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** The process answers: restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process answers',
    description: 'Restart the process only when this fails; it checks nothing beyond the process itself.',
  })
  live() {
    return this.health.check([]);
  }

  /** The process can serve: route traffic to it only when this passes. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: the process can serve',
    description:
      'Route traffic to it only when this passes: the event store answers a ping. Read models are reported but do not decide.',
  })
  async ready() {
    try {
      return await this.health.check([
        () =>
          this.indicators
            .check('event-store')
            .attempt(() => this.eventStore.ping())
            .withTimeout(PING_TIMEOUT_MS),
        ...(this.eventStore.horizonHolder ? [() => this.horizon()] : []),
        // Informative only: a read model that lags still serves, and a query that needs it waits (minPosition).
        ...(this.details
          ? [
              async () => {
                const details = this.details!;
                const indicator = this.indicators.check(details.name);
                try {
                  return indicator.up(await details.details());
                } catch (error) {
                  return indicator.up({ unavailable: error instanceof Error ? error.message : String(error) });
                }
              },
            ]
          : []),
      ]);
    } catch (error) {
      // Terminus has logged the reason; the client gets a problem without internal addresses.
      if (error instanceof ServiceUnavailableException) {
        throw new ServiceUnavailableException(`Not ready: the ${this.eventStore.name} event store did not answer a ping.`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
