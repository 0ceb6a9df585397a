import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, register } from 'prom-client';
import { Public } from '@samspar/access';

let collecting = false;

/** Prometheus text format: process metrics and whatever the modules register (read-model lag, …). */
@ApiTags('health')
// Scraped without a token, like the health probes; it holds no personal data.
@Public()
@Controller('metrics')
export class MetricsController {
  constructor() {
    if (!collecting) {
      collecting = true;
      collectDefaultMetrics({ prefix: 'samspar_' });
    }
  }

  @Get()
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics: process, read-model lag, command cache, read horizon',
    description: 'The Prometheus text exposition format, scraped without a token; it holds no personal data.',
    security: [],
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return register.metrics();
  }
}
