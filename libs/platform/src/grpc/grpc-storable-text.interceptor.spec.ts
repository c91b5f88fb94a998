import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of } from 'rxjs';
import { GrpcStatus } from '../errors/status-mapping';
import { GrpcStorableTextInterceptor } from './grpc-storable-text.interceptor';

function context(type: 'rpc' | 'http', data: unknown): ExecutionContext {
  return { getType: () => type, switchToRpc: () => ({ getData: () => data }) } as unknown as ExecutionContext;
}

describe('GrpcStorableTextInterceptor (text PostgreSQL cannot store, refused at the gRPC edge)', () => {
  const interceptor = new GrpcStorableTextInterceptor();

  it('refuses a NUL in a nested list item with INVALID_ARGUMENT naming the field, without running the handler', async () => {
    const handle = jest.fn(() => of('ran'));
    const request = { items: [{ productId: 'p1' }, { productId: 'p\u00002' }] };
    const result = firstValueFrom(interceptor.intercept(context('rpc', request), { handle }));
    await expect(result).rejects.toMatchObject({
      grpcStatus: GrpcStatus.INVALID_ARGUMENT,
      code: 'REQUEST.INVALID',
      fieldErrors: [{ field: 'items.1.productId', message: expect.stringContaining('NUL') }],
    });
    expect(handle).not.toHaveBeenCalled();
  });

  it('refuses an unpaired surrogate', async () => {
    const result = firstValueFrom(
      interceptor.intercept(context('rpc', { name: 'a\ud800' }), { handle: () => of(1) }),
    );
    await expect(result).rejects.toMatchObject({ fieldErrors: [{ field: 'name' }] });
  });

  it('lets storable text through to the handler', async () => {
    const handler: CallHandler = { handle: () => of('ran') };
    const request = { name: 'Zoë 💥', count: 3, tags: ['a', 'b'], price: null };
    await expect(firstValueFrom(interceptor.intercept(context('rpc', request), handler))).resolves.toBe(
      'ran',
    );
  });

  it('leaves HTTP requests to parseRequest', async () => {
    const handler: CallHandler = { handle: () => of('ran') };
    await expect(
      firstValueFrom(interceptor.intercept(context('http', { name: '\u0000' }), handler)),
    ).resolves.toBe('ran');
  });
});
