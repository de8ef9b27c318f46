// A FHIR NPM package (.tgz) read in memory: its manifest and every JSON resource under package/.
// Packages are read as published, never unpacked to disk, so what the validator uses is exactly the
// file that was copied (JP Core and JP-CLINS are CC BY-ND: redistributed unmodified).
import { readFileSync } from 'node:fs';
import { Parser } from 'tar';

export interface FhirPackage {
  name: string;
  version: string;
  /** FHIR resources of the package (StructureDefinitions, ValueSets, examples, …) by file name. */
  resources: Map<string, FhirJson>;
}

/** A FHIR resource as parsed JSON; its shape is what the validator is there to check. */
export type FhirJson = { resourceType: string; [key: string]: unknown };

export function readFhirPackage(tgzPath: string): FhirPackage {
  const files = new Map<string, Buffer>();
  const parser = new Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path, Buffer.concat(chunks)));
    },
  });
  // Written in one piece, the parser emits every entry synchronously (it gunzips by itself).
  parser.end(readFileSync(tgzPath));

  const manifest = files.get('package/package.json');
  if (!manifest) throw new Error(`${tgzPath} is not a FHIR package: package/package.json is missing`);
  const { name, version } = JSON.parse(manifest.toString('utf8')) as { name: string; version: string };

  const resources = new Map<string, FhirJson>();
  for (const [path, content] of files) {
    const fileName = path.slice('package/'.length);
    if (!path.startsWith('package/') || fileName.includes('/') || !fileName.endsWith('.json')) continue;
    const json = JSON.parse(content.toString('utf8')) as Partial<FhirJson>;
    if (typeof json.resourceType === 'string') resources.set(fileName, json as FhirJson);
  }
  return { name, version, resources };
}
