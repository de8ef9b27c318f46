// `renkei-admin demo`: seeds a demo region (facilities, users of every profession, patients with
// care teams and their consent; with --chart, progress notes, and the pilot's model patient with a
// week of the care team's contact timeline, and a regional group; hospital data imported from the
// demo hospital's SS-MIX2 storage for one patient). Deterministic: the same seed gives
// the same region, so screenshots and benchmarks compare like with like.
import type { CareTeamRoleName } from '@renkei/proto';
import { transaction, type Store } from '../../db/database';
import { addCareTeamMember } from '../../care-teams/care-teams';
import { createFacility, setFacilityInstitutionNumber } from '../../facilities/facilities';
import { registerPatient } from '../../patients/patients';
import type { DeviceRow, UserRow } from '../../db/schema';
import { createUser } from '../../users/users';
import { demoStanding, MODEL_PATIENT_STANDING, seedDemoStanding } from './demo-coverage';
import { linkFacilities } from '../../facilities/facility-links';
import { enrollDemoPc, recordDemoConsent, writeDemoNotes, type DemoChartDevices } from './demo-chart';
import { DEMO_ON_CALL_PHONES, seedModelPatientEmergencyInfo, seedRegionEmergencyInfo } from './demo-emergency';
import { seedDemoHospitalData } from './demo-hospital-data';
import { seedDemoMedicationsAndVitals } from './demo-medications';
import { MODEL_PATIENT_TEAM, seedModelPatientTimeline, seedRegionalGroup, type DemoAuthors } from './demo-timeline';
import {
  ADDRESSES,
  ALLERGIES,
  CARE_LEVELS_BY_WEIGHT,
  DEMO_FACILITIES,
  DEMO_USERS,
  DIAGNOSES,
  FAMILY_NAMES,
  KEY_PERSONS,
  MEN_GIVEN,
  TEAM_ROLES,
  WOMEN_GIVEN,
} from './demo-people';

interface DemoOptions {
  patients: number;
  /** Password of every demo user. */
  password: string;
  /** Put this user on every patient's team (the benchmark's "1,000 patients on one team"). */
  focusUser?: string;
  seed?: number;
  /** Who seeds, for the audit log (the consent is recorded by the regional office). */
  actor?: string;
  /** Write demo progress notes; the PCs they are written on are enrolled with these. */
  chart?: DemoChartDevices;
}

interface DemoRegion {
  facilities: Record<string, string>;
  users: Record<string, string>;
  patientIds: string[];
}

/** mulberry32: a tiny, good-enough deterministic generator for demo data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function seedDemoRegion(store: Store, options: DemoOptions, now: Date): Promise<DemoRegion> {
  const rand = random(options.seed ?? 20180601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

  return transaction(store, async (tx) => {
    const actor = options.actor ?? 'demo';
    const facilities: Record<string, string> = {};
    for (const f of DEMO_FACILITIES) {
      facilities[f.key] = (
        await createFacility(
          tx,
          {
            name: f.name,
            nameKana: f.kana,
            kind: f.kind,
            postalCode: f.postalCode,
            address: f.address,
            phone: f.phone,
            onCallPhone: DEMO_ON_CALL_PHONES[f.key] ?? '',
            fax: f.fax,
          },
          now,
        )
      ).id;
      if (f.institutionNumber) await setFacilityInstitutionNumber(tx, facilities[f.key]!, f.institutionNumber, actor, now);
    }
    const users: Record<string, string> = {};
    const userRows = new Map<string, UserRow>();
    for (const u of DEMO_USERS) {
      const row = await createUser(
        tx,
        {
          loginId: u.loginId,
          familyName: u.name[0],
          givenName: u.name[1],
          familyNameKana: u.kana[0],
          givenNameKana: u.kana[1],
          profession: u.profession,
          facilityId: facilities[u.facility]!,
          password: options.password,
          contactPhone: u.phone,
        },
        now,
      );
      users[u.loginId] = row.id;
      userRows.set(u.loginId, row);
    }

    // 大淀内科医院's dr.kawano is the model patient's substitute doctor (代診医): on nights he covers,
    // he logs in on みやざき在宅クリニック's PCs.
    await linkFacilities(tx, { facilityId: facilities.oyodo!, hostFacilityId: facilities.clinic! }, actor, now);
    // The PCs the demo's notes were written on: the clinic's and the nursing station's.
    const pcs = options.chart && {
      clinic: await enrollDemoPc(tx, options.chart, facilities.clinic!, '診察室PC（デモ記録）', 'clinic-pc-01', actor, now),
      nursing: await enrollDemoPc(tx, options.chart, facilities.nursing!, 'ステーション記録用PC（デモ記録）', 'station-pc-01', actor, now),
    };

    const patientIds: string[] = [];
    const attendingOf: string[] = [];
    for (let i = 0; i < options.patients; i++) {
      const female = rand() < 0.6;
      const [family, familyKana] = pick(FAMILY_NAMES);
      const [given, givenKana] = pick(female ? WOMEN_GIVEN : MEN_GIVEN);
      const birthYear = 1926 + Math.floor(rand() * 30);
      const birthDate = `${birthYear}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      const [postalCode, town] = pick(ADDRESSES);
      const primary = pick(DIAGNOSES);
      const secondary = pick(DIAGNOSES);
      const allergies = rand() < 0.35 ? [pick(ALLERGIES)] : [];
      const keyPersonRelation = pick(KEY_PERSONS);
      const patient = await registerPatient(
        tx,
        {
          familyName: family,
          givenName: given,
          familyNameKana: familyKana,
          givenNameKana: givenKana,
          birthDate,
          sex: female ? 'SEX_FEMALE' : 'SEX_MALE',
          postalCode,
          address: `${town}${1 + Math.floor(rand() * 5)}丁目${1 + Math.floor(rand() * 30)}-${1 + Math.floor(rand() * 20)}`,
          phone: `0985-${digits(2)}-${digits(4)}`,
          careLevel: pick(CARE_LEVELS_BY_WEIGHT),
          keyPerson: `${keyPersonRelation} ${family}${pick(female ? MEN_GIVEN : WOMEN_GIVEN)[0]} 090-${digits(4)}-${digits(4)}`,
          registeredByFacilityId: facilities.clinic!,
          allergies: allergies.map(([substance, reaction, severity]) => ({ substance, reaction, severity })),
          diagnoses: [
            { name: primary[0], icd10Code: primary[1], primary: true },
            ...(secondary[0] !== primary[0] ? [{ name: secondary[0], icd10Code: secondary[1] }] : []),
          ],
        },
        now,
      );
      patientIds.push(patient.id);
      attendingOf.push(i % 4 === 3 ? 'dr.hidaka' : 'dr.kuroki');

      // A typical team: attending doctor, substitute, nurse, pharmacist, care manager; some have
      // a therapist, a care worker, the dermatologist (pressure ulcers) or the hospital liaison.
      const team: string[] = [
        i % 4 === 3 ? 'dr.hidaka' : 'dr.kuroki',
        'dr.kawano',
        i % 2 ? 'ns.kai' : 'ns.nagatomo',
        'ph.kodama',
        i % 3 ? 'cm.iwakiri' : 'cm.korogi',
      ];
      if (rand() < 0.4) team.push('pt.oshikawa');
      if (rand() < 0.5) team.push('cw.yano');
      if (primary[0] === '仙骨部褥瘡' || rand() < 0.15) team.push('dr.shiiba');
      if (rand() < 0.2) team.push('msw.tanaka');
      if (options.focusUser && !team.includes(options.focusUser)) team.push(options.focusUser);
      for (const login of team) {
        const role: CareTeamRoleName = TEAM_ROLES[login] ?? 'CARE_TEAM_ROLE_OTHER';
        await addCareTeamMember(tx, patient.id, users[login]!, role, now);
      }
      // Registered by the clinic; without consent the rest of the team would not see the patient.
      const attending = DEMO_USERS.find((u) => u.loginId === team[0])!;
      // (Not from rand(): the rest of the region stays as it was before consent was seeded.)
      await recordDemoConsent(tx, patient.id, attending.name[0], 30 + ((i * 37) % 300), actor, now);
      if (pcs) {
        await writeDemoNotes(
          tx,
          { id: patient.id, primaryDiagnosis: primary[0] },
          { user: userRows.get(team[0]!)!, device: pcs.clinic },
          { user: userRows.get(team[2]!)!, device: pcs.nursing },
          i,
          now,
        );
        const standing = demoStanding(i);
        if (standing)
          await seedDemoStanding(tx, { id: patient.id, primaryDiagnosis: primary[0] }, { user: userRows.get(team[0]!)!, device: pcs.clinic }, standing, i, now);
        // A couple of others with a medication list and a vital-sign trend besides the model patient.
        if (i < 2) {
          await seedDemoMedicationsAndVitals(
            tx,
            patient.id,
            { doctor: { user: userRows.get(team[0]!)!, device: pcs.clinic }, nurse: { user: userRows.get(team[2]!)!, device: pcs.nursing } },
            i,
            now,
          );
        }
      }
    }
    if (options.chart && pcs) {
      const chart = options.chart;
      // One registered PC per office posts on the timeline: the clinic's and the station's, and
      // the others' made on first need.
      const officePcs = new Map<string, DeviceRow>([
        [facilities.clinic!, pcs.clinic],
        [facilities.nursing!, pcs.nursing],
      ]);
      const authors: DemoAuthors = {
        user: (login) => userRows.get(login)!,
        async device(login) {
          const facilityId = userRows.get(login)!.facility_id;
          let pc = officePcs.get(facilityId);
          if (!pc) {
            const office = DEMO_FACILITIES.find((f) => facilities[f.key] === facilityId)!;
            pc = await enrollDemoPc(tx, chart, facilityId, `${office.name} 事務所PC（デモ記録）`, `${office.key}-pc-01`, actor, now);
            officePcs.set(facilityId, pc);
          }
          return pc;
        },
      };
      // The pilot's model patient (not from rand(): the rest of the region stays as it was).
      const model = await registerPatient(
        tx,
        {
          familyName: '宮崎',
          givenName: '未来斗',
          familyNameKana: 'ミヤザキ',
          givenNameKana: 'ミクト',
          // The birth date and sex of the SS-MIX2 sample's patient 9999013 (demo-hospital-data.ts),
          // whom the demo links to him: the import checks them, and the hospital's other name for
          // him (患者 太郎) is reported as a difference, as it would be for a name written otherwise.
          birthDate: '1948-04-05',
          sex: 'SEX_MALE',
          postalCode: '880-0805',
          address: '宮崎市橘通東3丁目8-12',
          phone: '0985-24-3816',
          careLevel: 'CARE_LEVEL_CARE_3',
          keyPerson: '妻 宮崎幸子 090-3261-4408',
          registeredByFacilityId: facilities.clinic!,
          allergies: [],
          diagnoses: [
            { name: '胃癌', icd10Code: 'C16.9', primary: true },
            { name: '転移性肝癌', icd10Code: 'C78.7' },
          ],
        },
        now,
      );
      patientIds.push(model.id);
      for (const login of MODEL_PATIENT_TEAM) await addCareTeamMember(tx, model.id, users[login]!, TEAM_ROLES[login]!, now);
      await recordDemoConsent(tx, model.id, '黒木', 7, actor, now);
      await seedDemoStanding(
        tx,
        { id: model.id, primaryDiagnosis: '胃癌' },
        { user: userRows.get('dr.kuroki')!, device: pcs.clinic },
        MODEL_PATIENT_STANDING,
        99,
        now,
      );
      await seedModelPatientTimeline(tx, authors, model.id, now);
      const writer = async (login: string) => ({ user: authors.user(login), device: await authors.device(login) });
      await seedModelPatientEmergencyInfo(tx, await writer('dr.kuroki'), await writer('ns.kai'), model.id, now);
      const clinicWriter = await writer('dr.kuroki');
      const hidakaWriter = await writer('dr.hidaka');
      await seedRegionEmergencyInfo(tx, (index) => (attendingOf[index] === 'dr.hidaka' ? hidakaWriter : clinicWriter), patientIds.slice(0, -1), now);
      const author = async (login: string) => ({ user: authors.user(login), device: await authors.device(login) });
      await seedDemoMedicationsAndVitals(
        tx,
        model.id,
        { doctor: await author('dr.kuroki'), nurse: await author('ns.kai'), pharmacist: await author('ph.kodama') },
        7,
        now,
      );
      await seedRegionalGroup(tx, authors, now);
    }
    // Hospital data (SS-MIX2) for the model patient, or without --chart the last one registered.
    const hospitalDataPatient = patientIds.at(-1);
    if (hospitalDataPatient) await seedDemoHospitalData(tx, facilities.hospital!, hospitalDataPatient, actor, now);
    return { facilities, users, patientIds };
  });
}
