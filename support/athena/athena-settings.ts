import type { ResolvedEnvironment } from '../../model/environment/environment';
import type { AthenaSettings } from './query';

export function athenaSettings(environment: ResolvedEnvironment): AthenaSettings {
  const athena = environment.resources.athena;
  return { workgroup: athena.workgroup, catalog: athena.catalog, outputLocation: athena.outputLocation };
}
