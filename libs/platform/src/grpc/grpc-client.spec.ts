import { Metadata } from '@grpc/grpc-js';
import { Observable, of, throwError } from 'rxjs';
import { AppError } from '../errors/app-error';
import { toErrorMetadata } from '../errors/error-metadata';
import { GrpcStatus } from '../errors/status-mapping';
import { runWithDeadline } from './deadline-context';
import { wrapGrpcService } from './grpc-client';

interface EchoServiceClient {
  echo(request: { text: string }, metadata?: Metadata): Observable<{ text: string }>;
}

const now = 1_700_000_000_000;

function stubService(respond: () => Observable<{ text: string }> = () => of({ text: 'pong' })) {
  const calls: { request: unknown; metadata: Metadata; options: { deadline: Date } }[] = [];
  const stub = {
    echo: (request: unknown, metadata: Metadata, options: { deadline: Date }) => {
      calls.push({ request, metadata, options });
      return respond();
    },
  } as unknown as EchoServiceClient;
  const client = wrapGrpcService(stub, {
    target: 'shop.echo.v1.EchoService',
    defaultDeadlineMs: 2_000,
    now: () => now,
  });
  return { client, calls };
}

describe('gRPC client wrapper (P02, P03, P17)', () => {
  it('returns a Promise and gives every call the default deadline', async () => {
    const { client, calls } = stubService();
    await expect(client.echo({ text: 'ping' })).resolves.toEqual({ text: 'pong' });
    expect(calls[0]?.options.deadline.getTime()).toBe(now + 2_000);
    expect(calls[0]?.metadata).toBeInstanceOf(Metadata);
  });

  it('propagates the incoming deadline minus the safety margin (P03)', async () => {
    const { client, calls } = stubService();
    await runWithDeadline(now + 400, () => client.echo({ text: 'ping' }));
    expect(calls[0]?.options.deadline.getTime()).toBe(now + 350);
  });

  it('lets a call shrink its own budget and forwards metadata', async () => {
    const { client, calls } = stubService();
    const metadata = new Metadata();
    metadata.set('idempotency-key', 'k-1');
    await client.echo({ text: 'ping' }, { timeoutMs: 300, metadata });
    expect(calls[0]?.options.deadline.getTime()).toBe(now + 300);
    expect(calls[0]?.metadata.get('idempotency-key')).toEqual(['k-1']);
  });

  it('fails fast with DEADLINE_EXCEEDED and no network call when no budget is left', async () => {
    const { client, calls } = stubService();
    const result = runWithDeadline(now + 10, () => client.echo({ text: 'ping' }));
    await expect(result).rejects.toMatchObject({
      code: 'RPC.DEADLINE_EXCEEDED',
      grpcStatus: GrpcStatus.DEADLINE_EXCEEDED,
    });
    expect(calls).toHaveLength(0);
  });

  it('rejects with an AppError carrying the downstream status and error-code', async () => {
    const failure = Object.assign(new Error('5 NOT_FOUND: no such user'), {
      code: GrpcStatus.NOT_FOUND,
      details: 'no such user',
      metadata: toErrorMetadata('USER.NOT_FOUND', []),
    });
    const { client } = stubService(() => throwError(() => failure));
    const rejection = await client.echo({ text: 'ping' }).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(AppError);
    expect(rejection).toMatchObject({
      code: 'USER.NOT_FOUND',
      grpcStatus: GrpcStatus.NOT_FOUND,
      httpStatus: 404,
    });
  });
});
