import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of, defer } from 'rxjs';
import { AppError } from '../errors/app-error';
import { GrpcStatus } from '../errors/status-mapping';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { currentDeadline } from './deadline-context';
import { GrpcAdmissionInterceptor } from './grpc-admission.interceptor';

const now = 1_700_000_000_000;

function rpcContext(deadline: Date | number): ExecutionContext {
  const call = { getDeadline: () => deadline };
  return {
    getType: () => 'rpc',
    getArgByIndex: (index: number) => (index === 2 ? call : undefined),
  } as unknown as ExecutionContext;
}

// Like Nest's CallHandler: the handler runs when handle() is subscribed.
const handlerReadingDeadline: CallHandler = { handle: () => defer(() => of(currentDeadline())) };

function running(): ServiceLifecycle {
  const lifecycle = new ServiceLifecycle();
  lifecycle.markRunning();
  return lifecycle;
}

describe('GrpcAdmissionInterceptor (P03: server side of deadlines; P01 during shutdown)', () => {
  it('runs the handler with the incoming deadline in context', async () => {
    const interceptor = new GrpcAdmissionInterceptor(running(), () => now);
    const seen = await firstValueFrom(
      interceptor.intercept(rpcContext(new Date(now + 800)), handlerReadingDeadline),
    );
    expect(seen).toBe(now + 800);
  });

  it('runs without a deadline when the caller set none', async () => {
    const interceptor = new GrpcAdmissionInterceptor(running(), () => now);
    const seen = await firstValueFrom(
      interceptor.intercept(rpcContext(Number.POSITIVE_INFINITY), handlerReadingDeadline),
    );
    expect(seen).toBeUndefined();
  });

  it('refuses work whose deadline already passed, without running the handler', async () => {
    const interceptor = new GrpcAdmissionInterceptor(running(), () => now);
    const handle = jest.fn(() => of('ran'));
    const result = firstValueFrom(interceptor.intercept(rpcContext(now - 1), { handle }));
    await expect(result).rejects.toMatchObject({ grpcStatus: GrpcStatus.DEADLINE_EXCEEDED });
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers UNAVAILABLE once shutdown stops accepting work', async () => {
    const lifecycle = running();
    lifecycle.beginDrain();
    const interceptor = new GrpcAdmissionInterceptor(lifecycle, () => now);
    await expect(
      firstValueFrom(interceptor.intercept(rpcContext(now + 800), handlerReadingDeadline)),
    ).resolves.toBe(now + 800);
    lifecycle.stopAccepting();
    const refused = firstValueFrom(interceptor.intercept(rpcContext(now + 800), handlerReadingDeadline));
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      grpcStatus: GrpcStatus.UNAVAILABLE,
      code: 'SERVICE.SHUTTING_DOWN',
    });
  });

  it('leaves HTTP requests alone', async () => {
    const interceptor = new GrpcAdmissionInterceptor(running(), () => now);
    const http = { getType: () => 'http' } as unknown as ExecutionContext;
    await expect(firstValueFrom(interceptor.intercept(http, { handle: () => of('ok') }))).resolves.toBe('ok');
  });
});
