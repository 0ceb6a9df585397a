import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, register } from 'prom-client';
import { Public } from '@samspar/access';

let collecting = false;

/** Prometheus text format: process metrics and whatever the modules register (read-model lag, …). */
@ApiExcludeController()
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
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return register.metrics();
  }
}
