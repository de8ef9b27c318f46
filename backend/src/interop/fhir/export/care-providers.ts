// The offices and doctors of a 診療情報提供書 as JP-CLINS wants them: JP_Organization_eCS for the
// sending and the receiving office (name, 保険医療機関番号, address, phone, 診療科) and
// JP_Practitioner_eCS for the doctors, named as the letter names them.
import type { HumanName, Organization, Practitioner } from '@medplum/fhirtypes';
import { MEDICAL_INSTITUTION_NUMBER_SYSTEM } from './code-systems';
import { nonEmpty } from './fhir-datatypes';
import { PROFILES } from './profiles';

const EN_REPRESENTATION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation';
const DEPARTMENT = 'http://jpfhir.jp/fhir/eCS/Extension/StructureDefinition/JP_eCS_Department';

export interface CareOffice {
  name: string;
  /** 保険医療機関番号, 10 digits (JP_Organization_eCS requires one). */
  institutionNumber: string;
  address?: string;
  postalCode?: string;
  phone?: string;
  department?: string;
}

function escapeXhtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A narrative div for section and resource text: the lines as written, escaped. */
export function narrative(text: string): { status: 'additional'; div: string } {
  const lines = text.split(/\r?\n/).map(escapeXhtml);
  return { status: 'additional', div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.join('<br/>')}</div>` };
}

export function officeOrganization(office: CareOffice, exportedAt: string): Organization {
  const address = nonEmpty(office.address);
  const phone = nonEmpty(office.phone);
  const department = nonEmpty(office.department);
  return {
    resourceType: 'Organization',
    meta: { lastUpdated: exportedAt, profile: [PROFILES['jp-clins'].organization] },
    language: 'ja',
    ...(department && { extension: [{ url: DEPARTMENT, valueCodeableConcept: { text: department } }] }),
    identifier: [{ system: MEDICAL_INSTITUTION_NUMBER_SYSTEM, value: office.institutionNumber }],
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
    name: office.name.trim(),
    ...(phone && { telecom: [{ system: 'phone', value: phone }] }),
    ...(address && { address: [{ text: address, ...(nonEmpty(office.postalCode) && { postalCode: office.postalCode!.trim() }), country: 'JP' }] }),
  };
}

/**
 * A doctor as the letter names them ("黒木 太郎", "〇〇 先生"): the text as written, split into
 * family and given at the first space when there is one. The letter has no reading, so no kana.
 */
export function letterPractitioner(written: string, exportedAt: string): Practitioner {
  const text = written
    .replace(/\u3000/g, ' ')
    .replace(/\s*先生\s*$/, '')
    .trim();
  const [family, ...given] = text.split(/\s+/);
  const name: HumanName = {
    extension: [{ url: EN_REPRESENTATION, valueCode: 'IDE' }],
    use: 'official',
    text,
    ...(family && { family }),
    ...(given.length > 0 && { given: [given.join(' ')] }),
  };
  return {
    resourceType: 'Practitioner',
    meta: { lastUpdated: exportedAt, profile: [PROFILES['jp-clins'].practitioner] },
    language: 'ja',
    name: [name],
  };
}
