import type { z } from 'zod';
import { baseConfigSchema } from '../../config/config-schema';
import {
  grpcClientConfigSchema,
  grpcServerConfigSchema,
  grpcTargetUrl,
} from '../../config/dependency-config';

export const grpcProbeConfigSchema = baseConfigSchema
  .extend(grpcServerConfigSchema.shape)
  .extend(grpcClientConfigSchema.shape)
  .extend({ PROBE_GRPC_URL: grpcTargetUrl() });

export type GrpcProbeConfig = z.infer<typeof grpcProbeConfigSchema>;
