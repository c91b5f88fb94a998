import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Stands in for the platform's DatabaseModule in tests: a global `DataSource` provider. */
@Global()
@Module({})
export class TestDatabaseModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: TestDatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }],
      exports: [DataSource],
    };
  }
}
