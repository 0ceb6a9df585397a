import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { HEALTH_DETAILS } from './health-details';
import type { HealthDetails } from './health-details';

const PING_TIMEOUT_MS = 3_000;

@ApiTags('health')
// Orchestrators probe without a token.
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly moduleRef: ModuleRef,
  ) {}

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
