import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { traceIdsOf } from './logging';

function requestWith(headers: Record<string, string>): IncomingMessage {
  const request = new IncomingMessage(new Socket());
  request.headers = headers;
  return request;
}

describe('traceIdsOf (the log lines’ trace ids without the tracing SDK)', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('continues the trace of a valid traceparent, with a span id of its own', () => {
    const ids = traceIdsOf(requestWith({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` }));
    expect(ids.trace_id).toBe(traceId);
    expect(ids.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(ids.span_id).not.toBe('00f067aa0ba902b7');
    expect(ids.trace_flags).toBe('00');
  });

  it('gives one request the same ids on every call, and another request others', () => {
    const request = requestWith({});
    const first = traceIdsOf(request);
    expect(traceIdsOf(request)).toBe(first);
    expect(first.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const other = traceIdsOf(requestWith({}));
    expect(other.trace_id).not.toBe(first.trace_id);
    expect(other.span_id).not.toBe(first.span_id);
  });

  it.each([
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${traceId}-00f067aa0ba902b7-01`],
    ['a short trace id', `00-${traceId.slice(1)}-00f067aa0ba902b7-01`],
    ['something else', 'x'.repeat(200)],
  ])('starts a new trace for %s', (_case, traceparent) => {
    const ids = traceIdsOf(requestWith({ traceparent }));
    expect(ids.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.trace_id).not.toBe(traceId);
    expect(ids.trace_id).not.toBe('0'.repeat(32));
  });
});
