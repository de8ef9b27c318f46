// Finds, in a resource, the values a profile's element id names, e.g.
// `Composition.section:referralFromSection.entry`: the entries of those sections that belong to the
// slice referralFromSection. Slice membership along the way is decided by the slicing's value or
// pattern discriminators (the fixed/pattern value the slice sets at the discriminator's path).
import type { ElementDefinition, ElementDefinitionSlicingDiscriminator, StructureDefinition } from '@medplum/fhirtypes';

interface Located {
  value: unknown;
  location: string;
}

/** The values at `elementId`, grouped by their parent (slice cardinality counts per parent). */
export function valuesAtElement(
  resource: unknown,
  location: string,
  elementId: string,
  definition: StructureDefinition,
): { location: string; values: Located[] }[] {
  const elements = definition.snapshot?.element ?? [];
  const segments = elementId.split('.').slice(1);
  let parents: Located[] = [{ value: resource, location }];
  let idSoFar = elementId.split('.')[0];
  for (const [index, segment] of segments.entries()) {
    const [name = '', sliceName] = segment.split(':');
    const slicedId = `${idSoFar}.${name}`;
    idSoFar = sliceName ? `${slicedId}:${sliceName}` : slicedId;
    const inThisSlice = (children: Located[]): Located[] => {
      if (!sliceName) return children;
      const sliced = elements.find((e) => e.id === slicedId);
      return children.filter((child) => inSlice(child.value, sliced, `${slicedId}:${sliceName}`, elements));
    };
    if (index === segments.length - 1) {
      return parents.map((parent) => ({ location: `${parent.location}.${name.replace('[x]', '')}`, values: inThisSlice(childrenOf(parent, name)) }));
    }
    parents = inThisSlice(parents.flatMap((parent) => childrenOf(parent, name)));
  }
  return [];
}

function childrenOf(parent: Located, name: string): Located[] {
  if (!parent.value || typeof parent.value !== 'object') return [];
  const object = parent.value as Record<string, unknown>;
  // A choice element (value[x]) is present under one typed name: valueQuantity, valueString, …
  const key = name.endsWith('[x]') ? Object.keys(object).find((k) => k.startsWith(name.slice(0, -3)) && /^[A-Z]/.test(k.slice(name.length - 3))) : name;
  const child = key === undefined ? undefined : object[key];
  if (child === undefined || child === null) return [];
  if (!Array.isArray(child)) return [{ value: child, location: `${parent.location}.${key}` }];
  return child.map((value, index) => ({ value, location: `${parent.location}.${key}[${index}]` }));
}

function inSlice(value: unknown, sliced: ElementDefinition | undefined, sliceId: string, elements: ElementDefinition[]): boolean {
  const discriminators = sliced?.slicing?.discriminator ?? [];
  if (discriminators.length === 0) return false;
  return discriminators.every((discriminator) => matchesValueDiscriminator(value, discriminator, sliceId, elements));
}

/**
 * Whether a value meets a value or pattern discriminator of the slice `sliceId`: the slice's fixed
 * or pattern value at the discriminator's path is there in the value.
 */
export function matchesValueDiscriminator(
  value: unknown,
  discriminator: ElementDefinitionSlicingDiscriminator,
  sliceId: string,
  elements: ElementDefinition[],
): boolean {
  if (discriminator.type !== 'value' && discriminator.type !== 'pattern') return false;
  const expected = discriminatingValue(sliceId, discriminator.path, elements);
  if (expected === undefined) return false;
  const path = discriminator.path === '$this' ? [] : discriminator.path.split('.');
  return valuesAtPath(value, path).some((candidate) => includes(candidate, expected));
}

/**
 * What a slice fixes at a discriminator's path: the fixed or pattern value there or, as HL7's
 * validator reads it, the pattern its children's fixed values make up (JP Core's radiology
 * DiagnosticReport slices `category` by `$this` and fixes only `coding.system` and `coding.code`).
 */
export function discriminatingValue(sliceId: string, path: string, elements: ElementDefinition[]): unknown {
  const at = path === '$this' ? sliceId : `${sliceId}.${path}`;
  const own = specifiedValue(elements.find((e) => e.id === at));
  if (own !== undefined) return own;
  let pattern: Record<string, unknown> | undefined;
  for (const element of elements) {
    const id = element.id ?? '';
    if (!id.startsWith(`${at}.`) || id.slice(at.length).includes(':')) continue;
    const fixed = specifiedValue(element);
    if (fixed === undefined) continue;
    pattern ??= {};
    let node = pattern;
    const keys = id.slice(at.length + 1).split('.');
    const leaf = keys.pop() ?? '';
    for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
    node[leaf] = fixed;
  }
  return pattern;
}

export function specifiedValue(element: ElementDefinition | undefined): unknown {
  if (!element) return undefined;
  const key = Object.keys(element).find((k) => k.startsWith('fixed') || k.startsWith('pattern'));
  return key ? (element as unknown as Record<string, unknown>)[key] : undefined;
}

function valuesAtPath(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAtPath(item, path));
  if (!value || typeof value !== 'object') return [];
  const [head = '', ...rest] = path;
  return valuesAtPath((value as Record<string, unknown>)[head], rest);
}

/** FHIR's pattern match: every property of the pattern is present with the same value (arrays: each item matched). */
export function includes(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(value) && !Array.isArray(pattern)) return value.some((item) => includes(item, pattern));
  if (Array.isArray(pattern)) return Array.isArray(value) && pattern.every((p) => value.some((v) => includes(v, p)));
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, p]) => includes((value as Record<string, unknown>)[key], p));
  }
  return value === pattern;
}
