// References inside a Bundle, resolved the way FHIR's Bundle rules say (R4 §2.36.4): an absolute
// reference (urn:uuid:…, http…) matches an entry's fullUrl; a relative `Type/id` matches an entry
// whose fullUrl ends in it, or whose resource has that type and id. A document Bundle carries
// everything its references point to, so one that does not resolve is an error there.
import type { FhirJson } from './fhir-package';

export interface BundleEntry {
  fullUrl?: string;
  resource?: FhirJson & { id?: string };
}

export function resolveInBundle(entries: BundleEntry[], reference: string): FhirJson | undefined {
  const exact = entries.find((entry) => entry.fullUrl === reference);
  if (exact) return exact.resource;
  if (/^[A-Za-z]+\/[^/]+$/.test(reference)) {
    const [type, id] = reference.split('/');
    return entries.find((entry) => entry.fullUrl?.endsWith(`/${reference}`) || (entry.resource?.resourceType === type && entry.resource?.id === id))?.resource;
  }
  return undefined;
}

/** Every `reference` string below a resource with its FHIRPath-ish location; contained (`#…`) ones excluded. */
export function referencesIn(value: unknown, location: string): { location: string; reference: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => referencesIn(item, `${location}[${index}]`));
  if (!value || typeof value !== 'object') return [];
  const found: { location: string; reference: string }[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === 'contained') continue; // contained resources' own references point into their container
    if (key === 'reference' && typeof child === 'string') {
      if (!child.startsWith('#')) found.push({ location: `${location}.reference`, reference: child });
    } else {
      found.push(...referencesIn(child, `${location}.${key}`));
    }
  }
  return found;
}
