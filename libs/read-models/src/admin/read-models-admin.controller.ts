import { Controller, Get, HttpCode, HttpStatus, Inject, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { AccessRule, CurrentPrincipal, Roles, isSystemAdmin } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { ForbiddenError, NotFoundError } from '@samspar/kernel';
import { ApiProblemResponses, ApiJsonSchemaResponse, ProblemException } from '@samspar/platform';
import { PROJECTION_RUNNERS, READ_MODEL_REGISTRY } from '../read-models.tokens';
import { ProjectionRunner, RebuildInProgressError, RunnerStatus } from '../runner/projection-runner';
import type { Generation } from '../runner/read-model-registry';
import { ReadModelRegistry } from '../runner/read-model-registry';

export interface ReadModelView {
  readonly name: string;
  readonly version: number;
  /** This process's runner: leader or not, position, lag, a rebuild it runs. */
  readonly runner: RunnerStatus;
  /** Every generation in the registry: the active one, and any being built. */
  readonly generations: readonly Generation[];
}

@ApiTags('admin')
@Roles('admin')
@AccessRule('operations')
@Controller('api/v1/admin/read-models')
export class ReadModelsAdminController {
  private readonly logger = new Logger('ReadModels');

  constructor(
    @Inject(PROJECTION_RUNNERS) private readonly runners: readonly ProjectionRunner[],
    @Inject(READ_MODEL_REGISTRY) private readonly registry: ReadModelRegistry,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listReadModels',
    summary: 'Every read model: position, lag, leader, and the progress of a rebuild',
    description:
      'Each read model with its position, lag behind the event log, the instance that leads it, and a rebuild under way.',
  })
  @ApiJsonSchemaResponse({ type: 'array', items: { type: 'object', additionalProperties: true } })
  async list(): Promise<ReadModelView[]> {
    const generations = await this.registry.list();
    return this.runners.map((runner) => this.view(runner, generations));
  }

  @Get(':name')
  @ApiOperation({
    operationId: 'getReadModel',
    summary: 'One read model, with the progress of a rebuild (events done and total, events/s)',
    description: 'One read model by name, with the progress of a rebuild under way; 404 for a name that is not a read model.',
  })
  @ApiJsonSchemaResponse({ type: 'object', additionalProperties: true })
  @ApiProblemResponses(404)
  async one(@Param('name') name: string): Promise<ReadModelView> {
    return this.view(this.runner(name), await this.registry.list());
  }

  @AccessRule('system-operation')
  @Post(':name/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'rebuildReadModel',
    summary: 'Rebuild blue/green: a new generation is built beside the one that serves, then takes over',
    description:
      'Answers 202 at once; follow the progress at GET /api/v1/admin/read-models/{name}. 409 while a rebuild runs. ' +
      'A system admin only: every organisation reads these reports.',
  })
  @ApiJsonSchemaResponse({ type: 'object', additionalProperties: true }, { status: 202, description: 'The rebuild has started' })
  @ApiProblemResponses(404, 409)
  async rebuild(
    @Param('name') name: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReadModelView> {
    // The read models serve every organisation, so an admin of one does not rebuild them for all.
    if (!isSystemAdmin(principal)) throw new ForbiddenError('system-admin-only', 'Only a system admin may rebuild a read model');
    const runner = this.runner(name);
    const rebuilding = runner.rebuild();
    // A rebuild already running somewhere answers at once; anything else runs on in the background.
    const refused = await Promise.race([
      rebuilding.then(
        () => undefined,
        (error: unknown) => error,
      ),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50)),
    ]);
    if (refused instanceof RebuildInProgressError) {
      throw new ProblemException(HttpStatus.CONFLICT, 'rebuild-in-progress', refused.message, 'name');
    }
    rebuilding.catch((error: unknown) => {
      if (!(error instanceof RebuildInProgressError)) this.logger.error(`${name} rebuild failed: ${String(error)}`);
    });
    response.setHeader('Location', `/api/v1/admin/read-models/${name}`);
    return this.view(runner, await this.registry.list());
  }

  private runner(name: string): ProjectionRunner {
    const runner = this.runners.find((each) => each.projection.name === name);
    if (!runner) {
      throw new NotFoundError(
        'read-model-not-found',
        `No read model is called ${JSON.stringify(name.slice(0, 60))}; they are ${this.runners.map((each) => each.projection.name).join(', ')}`,
        'name',
      );
    }
    return runner;
  }

  private view(runner: ProjectionRunner, generations: readonly Generation[]): ReadModelView {
    return {
      name: runner.projection.name,
      version: runner.projection.version,
      runner: runner.status(),
      generations: generations.filter((generation) => generation.name === runner.projection.name),
    };
  }
}
