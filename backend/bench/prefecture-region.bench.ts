// A prefecture-sized region on PostgreSQL (issue 14): the pilot had 258 users, a prefecture has tens
// of thousands of users, 100,000 patients and millions of records. The region is seeded in bulk
// with SQL (INSERT … SELECT over generate_series, and arrays computed in TypeScript where a value
// comes from the code's own rules: search keys, tunnel addresses, device keys, the password hash),
// never through RPCs, which would take hours at this size. Then the real server serves it over
// gRPC with TLS, and the bench measures what a clinic would feel, each as a ratio of a primary-key
// read of a patient on the same database and pool, measured in the same run:
//   - patient search by kana prefix and by kanji, for a doctor on many care teams;
//   - a doctor's full sync of their patients, and an incremental sync with nothing new;
//   - the change feed when one note is written for a patient with 30 team members: the write RPC,
//     and the pull that brings it to another member;
//   - login, whose argon2 is meant to cost, and what a morning of 2,000 logins in 15 minutes needs
//     of this machine's cores.
// RENKEI_BENCH_EXPLAIN=1 then runs each scenario once more, captures the SQL the server issued
// (statement count per RPC shows per-row queries) and prints EXPLAIN (ANALYZE, BUFFERS) of its
// three slowest reads.
//
// Run: node --import tsx backend/bench/prefecture-region.bench.ts (from the repository root). It
// creates its own database on the PostgreSQL server RENKEI_DATABASE_URL names (else the machine's,
// as backend tests do) and drops it after.
// Options (environment), for smaller runs while developing:
//   RENKEI_BENCH_PREFECTURE_PATIENTS (100000), _USERS (20000), _FACILITIES (2000), _NOTES (1000000),
//   _FOCUS_PATIENTS (300: the doctor's own patients), _SAMPLES (200 reads per measured query),
//   _SYNCS (20 full syncs), _WRITES (30 notes), _LOGINS (20).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARE_LEVELS, caPinOf, createEnrollmentCode, hashEnrollmentSecret, searchKeysOf } from '@renkei/proto';
import { generateKeyPair } from '@renkei/wireguard';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { hashPassword, verifyPassword } from '../src/auth/passwords';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { newDeviceSecret } from '../src/devices/device-credential';
import { approveDevice } from '../src/devices/devices';
import { issueEnrollmentCode } from '../src/devices/enrollment';
import { certificateDer } from '../src/pki/certificate-authority';
import { RenkeiServer } from '../src/server/renkei-server';
import { initializeDataDirectory } from '../src/server/initialize';
import { parseTunnelSubnet } from '../src/tunnel/tunnel-subnet';
import { call, closeClients } from '../test/support/api-client';
import { TestClock, createPostgresDatabase } from '../test/support/test-backend';

const option = (name: string, fallback: number) => Number(process.env[`RENKEI_BENCH_PREFECTURE_${name}`] ?? fallback);
const PATIENTS = option('PATIENTS', 100_000);
const USERS = option('USERS', 20_000);
const FACILITIES = option('FACILITIES', 2_000);
const NOTES = option('NOTES', 1_000_000);
const FOCUS_PATIENTS = Math.min(option('FOCUS_PATIENTS', 300), PATIENTS);
const SAMPLES = option('SAMPLES', 200);
const SYNCS = option('SYNCS', 20);
const WRITES = option('WRITES', 30);
const LOGINS = option('LOGINS', 20);
const EXPLAIN = process.env.RENKEI_BENCH_EXPLAIN === '1';
// The region's database is created on the PostgreSQL server RENKEI_DATABASE_URL names, as the other
// benches' are (`npm run bench` passes it to all), else on the machine's. The server this process
// starts must then use that database: server-config lets RENKEI_DATABASE_URL override renkei.json,
// so it is taken out of the environment here (it would send the server to the URL's own database).
const POSTGRES_SERVER_URL = process.env.RENKEI_DATABASE_URL;
delete process.env.RENKEI_DATABASE_URL;
/** The share of the notes that are the focus doctor's patients': patients in care now have years of them. */
const FOCUS_NOTE_SHARE = 0.1;

/** Care teams of 5 to 30 members (the issue's range). */
const TEAM_MIN = 5;
const TEAM_MAX = 30;
const USERS_PER_FACILITY = Math.floor(USERS / FACILITIES);
/** Users of facility 0 (the focus doctor's clinic) are on no other team: the doctor's patients are exactly FOCUS_PATIENTS. */
const PICKABLE_USERS = USERS - USERS_PER_FACILITY;
if (USERS_PER_FACILITY < 1 || FACILITIES < 11 || PICKABLE_USERS < TEAM_MAX * 2 || PATIENTS < FOCUS_PATIENTS) {
  console.error('Need at least 11 facilities, one user per facility, 60 users outside the first facility, and as many patients as the doctor has.');
  process.exit(2);
}
const PASSWORD = 'prefecture-bench-42';
const SUBNET = '10.77.0.0/16';

/** Facility kinds by facility number mod 10, and who works there (profession, their usual care-team role). */
const KINDS = [
  ['FACILITY_KIND_CLINIC', 'PROFESSION_DOCTOR', 'CARE_TEAM_ROLE_COOPERATING_DOCTOR', '診療所'],
  ['FACILITY_KIND_CLINIC', 'PROFESSION_DOCTOR', 'CARE_TEAM_ROLE_COOPERATING_DOCTOR', '診療所'],
  ['FACILITY_KIND_CLINIC', 'PROFESSION_DOCTOR', 'CARE_TEAM_ROLE_COOPERATING_DOCTOR', '診療所'],
  ['FACILITY_KIND_VISITING_NURSE_STATION', 'PROFESSION_NURSE', 'CARE_TEAM_ROLE_VISITING_NURSE', '訪問看護ステーション'],
  ['FACILITY_KIND_VISITING_NURSE_STATION', 'PROFESSION_NURSE', 'CARE_TEAM_ROLE_VISITING_NURSE', '訪問看護ステーション'],
  ['FACILITY_KIND_PHARMACY', 'PROFESSION_PHARMACIST', 'CARE_TEAM_ROLE_PHARMACIST', '薬局'],
  ['FACILITY_KIND_PHARMACY', 'PROFESSION_PHARMACIST', 'CARE_TEAM_ROLE_PHARMACIST', '薬局'],
  ['FACILITY_KIND_CARE_MANAGEMENT_OFFICE', 'PROFESSION_CARE_MANAGER', 'CARE_TEAM_ROLE_CARE_MANAGER', '居宅介護支援事業所'],
  ['FACILITY_KIND_CARE_MANAGEMENT_OFFICE', 'PROFESSION_CARE_MANAGER', 'CARE_TEAM_ROLE_CARE_MANAGER', '居宅介護支援事業所'],
  ['FACILITY_KIND_CARE_SERVICE', 'PROFESSION_CARE_WORKER', 'CARE_TEAM_ROLE_CARE_WORKER', '訪問介護事業所'],
] as const;

/** Frequent family names, some in old forms (髙橋, 山﨑, 渡邊, 齋藤) as registered names have them. */
const FAMILY_NAMES: [string, string][] = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'],
  ['山口', 'ヤマグチ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'],
  ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'],
  ['森', 'モリ'],
  ['池田', 'イケダ'],
  ['橋本', 'ハシモト'],
  ['阿部', 'アベ'],
  ['石川', 'イシカワ'],
  ['山下', 'ヤマシタ'],
  ['中島', 'ナカジマ'],
  ['石井', 'イシイ'],
  ['小川', 'オガワ'],
  ['前田', 'マエダ'],
  ['岡田', 'オカダ'],
  ['長谷川', 'ハセガワ'],
  ['藤田', 'フジタ'],
  ['後藤', 'ゴトウ'],
  ['近藤', 'コンドウ'],
  ['村上', 'ムラカミ'],
  ['遠藤', 'エンドウ'],
  ['青木', 'アオキ'],
  ['坂本', 'サカモト'],
  ['髙橋', 'タカハシ'],
  ['山﨑', 'ヤマザキ'],
  ['渡邊', 'ワタナベ'],
  ['齋藤', 'サイトウ'],
  ['宮崎', 'ミヤザキ'],
  ['黒木', 'クロキ'],
  ['大野', 'オオノ'],
  ['小野', 'オノ'],
  ['太田', 'オオタ'],
  ['原', 'ハラ'],
];
const GIVEN_NAMES: [string, string][] = [
  ['花子', 'ハナコ'],
  ['太郎', 'タロウ'],
  ['ハル', 'ハル'],
  ['和子', 'カズコ'],
  ['幸子', 'サチコ'],
  ['節子', 'セツコ'],
  ['弘', 'ヒロシ'],
  ['茂', 'シゲル'],
  ['清', 'キヨシ'],
  ['正雄', 'マサオ'],
  ['洋子', 'ヨウコ'],
  ['恵子', 'ケイコ'],
  ['勇', 'イサム'],
  ['実', 'ミノル'],
  ['明', 'アキラ'],
  ['進', 'ススム'],
  ['久子', 'ヒサコ'],
  ['千代', 'チヨ'],
  ['トメ', 'トメ'],
  ['キヨ', 'キヨ'],
  ['美代子', 'ミヨコ'],
  ['昭', 'アキラ'],
  ['武', 'タケシ'],
  ['博', 'ヒロシ'],
  ['豊', 'ユタカ'],
  ['静江', 'シズエ'],
  ['文子', 'フミコ'],
  ['信子', 'ノブコ'],
  ['敏子', 'トシコ'],
  ['正子', 'マサコ'],
  ['一郎', 'イチロウ'],
  ['二郎', 'ジロウ'],
  ['三郎', 'サブロウ'],
  ['勝', 'マサル'],
  ['修', 'オサム'],
  ['優子', 'ユウコ'],
  ['悦子', 'エツコ'],
  ['春子', 'ハルコ'],
  ['秋子', 'アキコ'],
  ['冬子', 'フユコ'],
];

const KANA_QUERIES = ['やま', 'たか', 'さとう', 'こば'];
const KANJI_QUERIES = ['山田', '高橋', '佐々木', '田'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(2)} ms` : `${(value * 1000).toFixed(0)} µs`);
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

/** Two coprime numbers step through every residue: member j of a team is `stride·j` users on, never the same user twice. */
function coprimeStride(modulus: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let stride = 677;
  while (gcd(stride, modulus) !== 1) stride += 2;
  return stride % modulus;
}

// ---- seeding ----

async function seed(client: pg.Client, caPin: Buffer, log: (step: string, from: number) => void): Promise<void> {
  const now = new Date();
  const nowIso = now.toISOString();
  // The rows below are consistent by construction (every reference is made with its target), so
  // the per-row foreign-key triggers are skipped while seeding, as pg_restore does.
  await client.query(`set session_replication_role = replica`);
  await client.query(`set work_mem = '256MB'`);
  await client.query(`set maintenance_work_mem = '512MB'`);
  // Ids derived from a kind and a number, so later statements can name rows without a lookup;
  // shaped as version-4 UUIDs, which the API's id validation (z.uuid) accepts.
  await client.query(`create function pg_temp.bench_id(kind text, n bigint) returns uuid language sql immutable
    as $$ select overlay(overlay(md5(kind || n::text) placing '4' from 13) placing '8' from 17)::uuid $$`);

  let step = performance.now();
  await client.query(
    `insert into facilities (id, name, name_kana, kind, postal_code, address, phone, fax, created_at, on_call_phone)
     select pg_temp.bench_id('f', f), 'ベンチ' || ($1::text[])[1 + f % 10] || f, 'ベンチ', ($2::text[])[1 + f % 10], '880-0001',
            '宮崎県宮崎市橘通西' || f, '0985-00-' || lpad((f % 10000)::text, 4, '0'), '', $3::timestamptz, '090-0000-' || lpad((f % 10000)::text, 4, '0')
     from generate_series(0, $4::int - 1) f`,
    [KINDS.map((k) => k[3]), KINDS.map((k) => k[0]), nowIso, FACILITIES],
  );
  // One PC per facility, enrolled and approved, with an address of the real subnet and a real key.
  const subnet = parseTunnelSubnet(SUBNET);
  const devices = Array.from({ length: FACILITIES }, (_, f) => {
    const code = createEnrollmentCode(caPin);
    return {
      f,
      codeId: randomUUID(),
      codeHash: hashEnrollmentSecret(code.secret),
      id: randomUUID(),
      key: generateKeyPair().publicKey,
      host: f + 2,
      secretHash: newDeviceSecret().hash,
    };
  });
  await client.query(
    `insert into enrollment_codes (id, secret_hash, facility_id, label, created_by, created_at, expires_at, used_at, device_id)
     select code_id, code_hash, pg_temp.bench_id('f', f), 'bench', 'admin:bench', $1, $1, $1, device_id
     from unnest($2::int[], $3::uuid[], $4::text[], $5::uuid[]) as d(f, code_id, code_hash, device_id)`,
    [nowIso, devices.map((d) => d.f), devices.map((d) => d.codeId), devices.map((d) => d.codeHash), devices.map((d) => d.id)],
  );
  await client.query(
    `insert into devices (id, facility_id, name, hostname, platform, wireguard_public_key, tunnel_host, tunnel_address, secret_hash, state,
                          enrollment_code_id, enrolled_at, approved_at, approved_by)
     select id, pg_temp.bench_id('f', f), '受付PC', 'pc' || f, 'win32', key, host, address, secret_hash, 'DEVICE_STATE_APPROVED', code_id, $1, $1, 'admin:bench'
     from unnest($2::int[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::uuid[]) as d(f, id, key, host, address, secret_hash, code_id)`,
    [
      nowIso,
      devices.map((d) => d.f),
      devices.map((d) => d.id),
      devices.map((d) => d.key),
      devices.map((d) => d.host),
      devices.map((d) => subnet.address(d.host)),
      devices.map((d) => d.secretHash),
      devices.map((d) => d.codeId),
    ],
  );
  log(`${FACILITIES} facilities and their PCs`, step);

  // Every user's password is the bench's, hashed once by the real hasher (argon2 for 20,000 users
  // would take minutes; each hash is a valid PHC string the login verifies).
  step = performance.now();
  const passwordHash = await hashPassword(PASSWORD);
  await client.query(
    `create temp table bench_users as
     select n, pg_temp.bench_id('u', n) as id, least(n / $1::int, $2::int - 1) as f from generate_series(0, $3::int - 1) n`,
    [USERS_PER_FACILITY, FACILITIES, USERS],
  );
  await client.query(`alter table bench_users add primary key (n)`);
  await client.query(
    `insert into users (id, login_id, family_name, given_name, family_name_kana, given_name_kana, profession, facility_id, contact_phone,
                        password_hash, failed_login_count, created_at, updated_at, password_change_required, password_changed_at)
     select id, 'bench' || n, ($1::text[])[1 + n % $2::int], ($3::text[])[1 + (n / $2::int) % $4::int],
            ($5::text[])[1 + n % $2::int], ($6::text[])[1 + (n / $2::int) % $4::int],
            ($7::text[])[1 + f % 10], pg_temp.bench_id('f', f), '', $8, 0, $9, $9, 0, $9
     from bench_users`,
    [
      FAMILY_NAMES.map((n) => n[0]),
      FAMILY_NAMES.length,
      GIVEN_NAMES.map((n) => n[0]),
      GIVEN_NAMES.length,
      FAMILY_NAMES.map((n) => n[1]),
      GIVEN_NAMES.map((n) => n[1]),
      KINDS.map((k) => k[1]),
      passwordHash,
      nowIso,
    ],
  );
  log(`${USERS} users`, step);

  // Patient names: every family × given combination, with the search keys the code computes.
  step = performance.now();
  const names = FAMILY_NAMES.flatMap(([family, familyKana]) => GIVEN_NAMES.map(([given, givenKana]) => ({ family, given, familyKana, givenKana })));
  const keys = names.map((n) => searchKeysOf(n));
  await client.query(
    `create temp table bench_names as
     select (ord - 1)::int as idx, family, given, family_kana, given_kana, written, reading
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as n(family, given, family_kana, given_kana, written, reading, ord)`,
    [
      names.map((n) => n.family),
      names.map((n) => n.given),
      names.map((n) => n.familyKana),
      names.map((n) => n.givenKana),
      keys.map((k) => k.written),
      keys.map((k) => k.reading),
    ],
  );
  // The attending doctor of each patient: the focus doctor (user 0) for the first FOCUS_PATIENTS,
  // then the region's other clinic doctors in turn.
  await client.query(
    `create temp table bench_doctors as
     select (row_number() over (order by n) - 1)::int as k, n, f from bench_users where f % 10 < 3 and f > 0`,
  );
  await client.query(`alter table bench_doctors add primary key (k)`);
  const doctors = Number((await client.query(`select count(*) as c from bench_doctors`)).rows[0].c);
  // Registered over three years, oldest first; regional numbers in that order, as registration gives them.
  await client.query(
    `create temp table bench_patients as
     select i, pg_temp.bench_id('p', i) as id, ${TEAM_MIN} + (i * 11) % ${TEAM_MAX - TEAM_MIN + 1} as team_size,
            case when i < $1::int then 0 else (select n from bench_doctors where k = i % $2::int) end as attending,
            $3::timestamptz - interval '3 years' * (($4::int - i)::float8 / $4::int) as created_at
     from generate_series(0, $4::int - 1) i`,
    [FOCUS_PATIENTS, doctors, nowIso, PATIENTS],
  );
  await client.query(`alter table bench_patients add primary key (i)`);
  await client.query(
    `insert into patients (id, family_name, given_name, family_name_kana, given_name_kana, search_written, search_reading, birth_date, sex,
                           postal_code, address, phone, care_level, key_person, registered_by_facility_id, created_at, updated_at, regional_number)
     select p.id, n.family, n.given, n.family_kana, n.given_kana, n.written, n.reading, date '1925-01-01' + (p.i * 37) % 20000,
            case when p.i % 2 = 0 then 'SEX_FEMALE' else 'SEX_MALE' end, '880-0001', '宮崎県宮崎市橘通西' || p.i, '0985-11-' || lpad((p.i % 10000)::text, 4, '0'),
            ($1::text[])[1 + p.i % $2::int], '長男 ' || n.family || ' 090-1111-2222', pg_temp.bench_id('f', u.f), p.created_at, p.created_at, p.i + 1
     from bench_patients p join bench_names n on n.idx = (p.i * 7919) % $3::int join bench_users u on u.n = p.attending`,
    [CARE_LEVELS, CARE_LEVELS.length, names.length],
  );
  await client.query(
    `insert into diagnoses (id, patient_id, name, icd10_code, onset_date, is_primary, note, created_at)
     select pg_temp.bench_id('dx', i), id, '慢性心不全', 'I50.0', null, 1, '', created_at from bench_patients`,
  );
  await client.query(
    `insert into allergies (id, patient_id, substance, reaction, severity, noted_on, created_at)
     select pg_temp.bench_id('al', i), id, 'ペニシリン系抗菌薬', '蕁麻疹', 'ALLERGY_SEVERITY_MODERATE', null, created_at from bench_patients where i % 3 = 0`,
  );
  log(`${PATIENTS} patients`, step);

  // Care teams: the attending doctor, then members across the region (never the focus doctor's
  // colleagues), each joining an hour after the one before.
  step = performance.now();
  const stride = coprimeStride(PICKABLE_USERS);
  await client.query(
    `insert into care_team_memberships (id, patient_id, user_id, role, joined_at, left_at)
     select pg_temp.bench_id('m', p.i::bigint * 32 + j), p.id, u.id,
            case when j = 0 then 'CARE_TEAM_ROLE_ATTENDING_DOCTOR' else ($1::text[])[1 + u.f % 10] end, p.created_at + interval '1 hour' * j, null
     from bench_patients p
     cross join lateral generate_series(0, p.team_size - 1) j
     join bench_users u on u.n = case when j = 0 then p.attending else $2::int + (p.i * 7919 + j * $3::int) % $4::int end
     on conflict do nothing`,
    [KINDS.map((k) => k[2]), USERS_PER_FACILITY, stride, PICKABLE_USERS],
  );
  // A consent for the care team (CONSENT_SCOPE_CARE_TEAM) recorded by the attending doctor at the
  // registering clinic's PC; one patient in 20 has none yet (only the registering office sees them).
  await client.query(
    `insert into patient_consents (id, patient_id, obtained_on, obtained_by, scope, form_document_id, note, recorded_by_user_id, recorded_by_device_id,
                                   recorded_by_label, recorded_at)
     select pg_temp.bench_id('c', p.i), p.id, (p.created_at at time zone 'Asia/Tokyo')::date, '主治医', 'CONSENT_SCOPE_CARE_TEAM', null, '',
            u.id, d.id, 'user:' || u.id, p.created_at + interval '1 day'
     from bench_patients p join bench_users u on u.n = p.attending join devices d on d.facility_id = pg_temp.bench_id('f', u.f)
     where p.i % 20 <> 19`,
  );
  const memberships = Number((await client.query(`select count(*) as c from care_team_memberships`)).rows[0].c);
  log(`${memberships} care-team memberships and ${PATIENTS - Math.floor((PATIENTS + 1) / 20)} consents`, step);

  // Progress notes, written by team members whose role may write them, from their office's PC,
  // spread over each patient's time in care.
  step = performance.now();
  await client.query(
    `create temp table bench_writers as
     select p.i, (row_number() over (partition by p.i order by m.joined_at) - 1)::int as r, m.user_id, u.profession, u.facility_id, d.id as device_id
     from care_team_memberships m
     join bench_patients p on p.id = m.patient_id
     join chart_policy cp on cp.role = m.role and cp.record_kind = 'PROGRESS_NOTES' and cp.can_write = 1
     join users u on u.id = m.user_id
     join devices d on d.facility_id = u.facility_id`,
  );
  await client.query(`alter table bench_writers add primary key (i, r)`);
  await client.query(`create temp table bench_writer_counts as select i, count(*)::int as writers from bench_writers group by i`);
  await client.query(`alter table bench_writer_counts add primary key (i)`);
  // Patients in care now have years of notes; most of the region's are of patients seen less. A
  // tenth of the notes are the focus doctor's patients' (about 330 each at full size).
  const focusNotes = Math.floor(NOTES * FOCUS_NOTE_SHARE);
  const perFocus = Math.max(1, Math.ceil(focusNotes / FOCUS_PATIENTS));
  const perPatient = Math.max(1, Math.ceil((NOTES - focusNotes) / PATIENTS));
  await client.query(
    `insert into progress_note_versions (id, note_id, version, patient_id, subjective, objective, assessment, plan, observed_at, status, correction_reason,
                                         author_user_id, author_profession, author_facility_id, author_device_id, recorded_at, client_request_id, is_current)
     select pg_temp.bench_id('nv', k), pg_temp.bench_id('n', k), 1, p.id,
            '夜間の咳嗽が続く。食欲はやや低下。', 'BP ' || (110 + k % 40) || '/' || (60 + k % 25) || '、SpO2 ' || (93 + k % 6) || '%、下腿浮腫軽度。',
            '心不全の増悪は認めない。', '利尿薬継続。体重を毎日記録し、2kg増加で連絡。', t.observed_at, 'NOTE_STATUS_CURRENT', '',
            w.user_id, w.profession, w.facility_id, w.device_id, least(t.observed_at + interval '30 minutes', $1::timestamptz), pg_temp.bench_id('rq', k), 1
     from generate_series(0, $2::int - 1) k
     cross join lateral (
       select case when k < $5 then k % $6 else (k - $5) % $3 end as i,
              case when k < $5 then k / $6 else (k - $5) / $3 end as q,
              case when k < $5 then $7::int else $4::int end as per
     ) x
     join bench_patients p on p.i = x.i
     join bench_writer_counts c on c.i = p.i
     join bench_writers w on w.i = p.i and w.r = x.q % c.writers
     cross join lateral (select p.created_at + ($1::timestamptz - p.created_at) * ((x.q + 0.5)::float8 / x.per) as observed_at) t`,
    [nowIso, NOTES, PATIENTS, perPatient, focusNotes, FOCUS_PATIENTS, perFocus],
  );
  log(`${NOTES} progress notes`, step);

  // The change feed as the real writes left it, in the order they happened: a registration
  // (recordPatientsChanged), each member joining (the patient, and the member's access:
  // addCareTeamMember), the consent (the patient, and the access of members from other offices:
  // recordConsentChanged), each note (the patient: writeNote).
  step = performance.now();
  await client.query(
    `insert into patient_changes (patient_id, user_id, changed_at)
     select patient_id, user_id, changed_at from (
       select p.id as patient_id, null::uuid as user_id, p.created_at as changed_at, 0 as part from patients p
       union all
       select m.patient_id, x.user_id, m.joined_at, 1 from care_team_memberships m cross join lateral (values (null::uuid), (m.user_id)) x(user_id)
       union all
       select c.patient_id, null, c.recorded_at, 2 from patient_consents c
       union all
       select distinct c.patient_id, m.user_id, c.recorded_at, 3 from patient_consents c
         join patients p on p.id = c.patient_id
         join care_team_memberships m on m.patient_id = c.patient_id
         join users u on u.id = m.user_id and u.facility_id <> p.registered_by_facility_id
       union all
       select n.patient_id, null, n.recorded_at, 4 from progress_note_versions n
     ) feed
     order by changed_at, part, user_id nulls first`,
  );
  const feedRows = Number((await client.query(`select count(*) as c from patient_changes`)).rows[0].c);
  log(`${feedRows} change-feed rows`, step);

  // The audit log is left empty (its head is the genesis the migration wrote): a chain of the
  // region's history would have to be hashed event by event, and no measured path reads it.
  await client.query(`set session_replication_role = origin`);
  for (const table of ['bench_writer_counts', 'bench_writers', 'bench_patients', 'bench_doctors', 'bench_names', 'bench_users']) {
    await client.query(`drop table ${table}`);
  }
  // A region in use has been vacuumed and analysed: plans are chosen on real statistics.
  step = performance.now();
  await client.query(`vacuum (analyze)`);
  // The bulk load left gigabytes of dirty pages: written out now, or the checkpoint they trigger
  // would run during the measurements and slow every commit.
  await client.query(`checkpoint`);
  log('vacuum, analyze and checkpoint', step);
}

// ---- measuring ----

interface Captured {
  sql: string;
  params: unknown[];
  ms: number;
}

/** With RENKEI_BENCH_EXPLAIN: every statement the server sends while `capture` is set, and how long it took. */
let capture: Captured[] | undefined;
if (EXPLAIN) {
  const original = pg.Client.prototype.query as (...args: any[]) => any;
  (pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
    const sink = capture;
    // A text and its values, or (db/database.ts, a statement kept by name) a config object with them.
    const config = args[0] as string | { text?: unknown; values?: unknown[] } | undefined;
    const text = typeof config === 'string' ? config : typeof config?.text === 'string' ? config.text : undefined;
    if (!sink || text === undefined || typeof args.at(-1) === 'function') return original.apply(this, args);
    const values = typeof config === 'string' ? (args[1] as unknown[] | undefined) : (config as { values?: unknown[] }).values;
    const start = performance.now();
    const result = original.apply(this, args);
    return Promise.resolve(result).then((value) => {
      sink.push({ sql: text, params: values ?? [], ms: performance.now() - start });
      return value;
    });
  };
}

async function main(): Promise<void> {
  const postgres = await createPostgresDatabase(POSTGRES_SERVER_URL, 'renkei_bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-prefecture-'));
  let server: RenkeiServer | undefined;
  try {
    console.log(`Renkei benchmark — a prefecture-sized region on PostgreSQL (${new Date().toISOString()})`);
    console.log(`  ${PATIENTS} patients, ${USERS} users, ${FACILITIES} facilities, care teams of ${TEAM_MIN}–${TEAM_MAX}, ${NOTES} progress notes`);
    console.log('');
    await initializeDataDirectory(dataDir, {
      regionName: 'ベンチマーク県',
      databaseUrl: postgres.url,
      enrollment: { listen: '127.0.0.1:0', publicAddress: '127.0.0.1:7443' },
      clinicalPort: 0,
      tunnel: { mode: 'none', clinicalListen: '127.0.0.1:0', subnet: SUBNET },
    });
    const caPem = readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8');
    const caPin = caPinOf(certificateDer(caPem));

    // The real migrations on the empty database, then the region in bulk.
    const seedStart = performance.now();
    const migrating = openDatabase({ engine: 'postgres', url: postgres.url });
    try {
      await migrateToLatest(migrating);
      // Two-factor login optional, as the office of a region that has not required it yet would have set it.
      await migrating.db
        .insertInto('second_factor_policy')
        .values({ id: randomUUID(), facility_id: null, required: 0, updated_at: new Date().toISOString(), updated_by: 'bench' })
        .execute();
    } finally {
      await migrating.close();
    }
    const seeder = new pg.Client({ connectionString: postgres.url });
    await seeder.connect();
    try {
      await seed(seeder, caPin, (step, from) => console.log(`  seeded ${step.padEnd(44)} ${seconds(from)}`));
    } finally {
      await seeder.end();
    }
    const size = await sizeOf(postgres.url);
    console.log(`Seeding took ${seconds(seedStart)}; the database holds ${size}.`);
    console.log('');

    const clock = new TestClock();
    server = await RenkeiServer.start({ dataDir, clock, logger: pino({ level: 'silent' }) });
    const store = server.database;
    const clinical = { address: server.clinicalAddress, caPem };
    const enrollment = { address: `127.0.0.1:${server.enrollmentPort}`, caPem };

    /** A PC of the facility, enrolled through the API and approved, as a clinic's would be. */
    const devicePc = async (facilityId: string) => {
      const issued = await issueEnrollmentCode(store, { facilityId, label: 'bench', createdBy: 'bench', caPin, validHours: 24 }, clock.now());
      const response = await call(enrollment, 'EnrollmentService', 'Enroll', {
        enrollmentCode: issued.code,
        wireguardPublicKey: generateKeyPair().publicKey,
        deviceName: 'ベンチPC',
        hostname: 'bench-pc',
        platform: 'linux',
      });
      await approveDevice(store, response.status.deviceId, 'bench', clock.now());
      return `${response.status.deviceId}.${response.deviceSecret}`;
    };
    const loginAs = async (loginId: string, device: string) => {
      const response = await call(clinical, 'AuthService', 'Login', { loginId, password: PASSWORD }, { device });
      return { device, session: response.sessionToken as string };
    };

    const doctor = await store.db.selectFrom('users').select(['id', 'login_id', 'facility_id']).where('login_id', '=', 'bench0').executeTakeFirstOrThrow();
    const doctorPc = await devicePc(doctor.facility_id);
    const asDoctor = await loginAs(doctor.login_id, doctorPc);
    // The doctor's patient with the largest team (30 members when the region is large enough), and another member of it.
    const busiest = await store.db
      .selectFrom('care_team_memberships as m')
      .innerJoin('care_team_memberships as mine', (join) => join.onRef('mine.patient_id', '=', 'm.patient_id').on('mine.user_id', '=', doctor.id))
      .select(['m.patient_id'])
      .select((eb) => eb.fn.countAll<number>().as('members'))
      .where('m.left_at', 'is', null)
      .groupBy('m.patient_id')
      .orderBy('members', 'desc')
      .orderBy('m.patient_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const other = await store.db
      .selectFrom('care_team_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.login_id', 'u.facility_id'])
      .where('m.patient_id', '=', busiest.patient_id)
      .where('m.user_id', '!=', doctor.id)
      .where('m.role', 'in', ['CARE_TEAM_ROLE_VISITING_NURSE', 'CARE_TEAM_ROLE_CARE_MANAGER', 'CARE_TEAM_ROLE_PHARMACIST', 'CARE_TEAM_ROLE_COOPERATING_DOCTOR'])
      .orderBy('u.login_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const memberTeams = await store.db
      .selectFrom('care_team_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('u.login_id', '=', other.login_id)
      .where('m.left_at', 'is', null)
      .executeTakeFirstOrThrow();
    const asMember = await loginAs(other.login_id, await devicePc(other.facility_id));

    // The baseline: a patient by primary key, through the server's own pool and query builder.
    const patientIds = (await store.db.selectFrom('patients').select('id').orderBy('regional_number').execute()).map((p) => p.id);
    const pick = (i: number) => patientIds[(i * 7919) % patientIds.length]!;
    for (let i = 0; i < 50; i++) await sql`select * from patients where id = ${pick(i)}`.execute(store.db);
    const baseline: number[] = [];
    for (let i = 0; i < Math.max(SAMPLES, 500); i++)
      baseline.push((await timed(() => sql`select * from patients where id = ${pick(i + 50)}`.execute(store.db)))[0]);

    const searches = async (queries: string[]) => {
      const times: number[] = [];
      let found = 0;
      for (const query of queries) await call(clinical, 'PatientService', 'SearchPatients', { query }, asDoctor); // warm
      for (let i = 0; i < SAMPLES; i++) {
        const [t, response] = await timed(() => call(clinical, 'PatientService', 'SearchPatients', { query: queries[i % queries.length]! }, asDoctor));
        times.push(t);
        found += response.patients.length;
      }
      return { times, found: found / SAMPLES };
    };
    const kana = await searches(KANA_QUERIES);
    const kanji = await searches(KANJI_QUERIES);

    /** A full sync as the desktop does it: pages of the default size from an empty cursor until nothing more. */
    const fullSync = async (who: { device: string; session: string }) => {
      let cursor = '';
      let patients = 0;
      let pages = 0;
      for (;;) {
        const page = await call(clinical, 'SyncService', 'PullChanges', { cursor, maxChanges: 0 }, who);
        patients += page.changes.length;
        pages += 1;
        cursor = page.nextCursor;
        if (!page.hasMore) return { cursor, patients, pages };
      }
    };
    const first = await fullSync(asDoctor);
    const fullSyncs: number[] = [];
    const syncCpuStart = process.cpuUsage();
    for (let i = 0; i < SYNCS; i++) fullSyncs.push((await timed(() => fullSync(asDoctor)))[0]);
    const syncCpu = process.cpuUsage(syncCpuStart);
    const incremental: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const [t, page] = await timed(() => call(clinical, 'SyncService', 'PullChanges', { cursor: first.cursor, maxChanges: 0 }, asDoctor));
      if (page.changes.length !== 0) throw new Error('an incremental sync with nothing new brought changes');
      incremental.push(t);
    }

    // One note on the busiest patient, and the member's next pull, which must bring that patient.
    let memberCursor = (await fullSync(asMember)).cursor;
    const writes: number[] = [];
    const pulls: number[] = [];
    const feedBefore = await store.db
      .selectFrom('patient_changes')
      .select((eb) => eb.fn.max('seq').as('head'))
      .executeTakeFirstOrThrow();
    for (let i = 0; i < WRITES; i++) {
      const [tw] = await timed(() =>
        call(
          clinical,
          'ProgressNoteService',
          'WriteNote',
          { patientId: busiest.patient_id, soap: { subjective: `ベンチ記録 ${i}` }, clientRequestId: randomUUID() },
          asDoctor,
        ),
      );
      const [tp, page] = await timed(() => call(clinical, 'SyncService', 'PullChanges', { cursor: memberCursor, maxChanges: 0 }, asMember));
      if (page.changes.length !== 1 || page.changes[0].patientId !== busiest.patient_id) throw new Error('the member did not get the note');
      memberCursor = page.nextCursor;
      writes.push(tw);
      pulls.push(tp);
    }
    const feedAfter = await store.db
      .selectFrom('patient_changes')
      .select((eb) => eb.fn.max('seq').as('head'))
      .executeTakeFirstOrThrow();

    // Logins: the RPC, and argon2's verification alone, in CPU time (both threads count).
    const loginTimes: number[] = [];
    const loginCpuStart = process.cpuUsage();
    for (let i = 0; i < LOGINS; i++) loginTimes.push((await timed(() => loginAs(doctor.login_id, doctorPc)))[0]);
    const loginCpu = process.cpuUsage(loginCpuStart);
    const passwordHash = (await store.db.selectFrom('users').select('password_hash').where('id', '=', doctor.id).executeTakeFirstOrThrow()).password_hash;
    const verifyCpuStart = process.cpuUsage();
    const verifyWallStart = performance.now();
    for (let i = 0; i < LOGINS; i++) await verifyPassword(passwordHash, PASSWORD);
    const verifyWall = (performance.now() - verifyWallStart) / LOGINS;
    const verifyCpu = process.cpuUsage(verifyCpuStart);

    // ---- the report ----
    const base = [...baseline].sort((a, b) => a - b);
    const row = (label: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      const ratio = (v: number, b: number) => `${Math.round(v / b)}×`;
      console.log(
        `  ${label.padEnd(46)} ${ms(p50).padStart(10)} ${ms(p99).padStart(10)} ${ratio(p50, percentile(base, 50)).padStart(9)} ${ratio(p99, percentile(base, 99)).padStart(9)}`,
      );
    };
    console.log(`Measured through the real server over gRPC with TLS, as ${doctor.login_id} (a doctor on ${first.patients} patients' teams)`);
    console.log(`  ${''.padEnd(46)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'p50 ×PK'.padStart(9)} ${'p99 ×PK'.padStart(9)}`);
    row(`primary-key read of a patient (baseline, n=${baseline.length})`, baseline);
    row(`search by kana prefix (${KANA_QUERIES.join(' ')}; ${kana.found.toFixed(0)} found)`, kana.times);
    row(`search by kanji (${KANJI_QUERIES.join(' ')}; ${kanji.found.toFixed(0)} found)`, kanji.times);
    row(`full sync, ${first.patients} patients in ${first.pages} pages (n=${SYNCS})`, fullSyncs);
    row(`incremental sync, nothing new (n=${SAMPLES})`, incremental);
    row(`write a note, patient with ${busiest.members} members (n=${WRITES})`, writes);
    row(`the member's pull that brings it (on ${memberTeams.n} teams)`, pulls);
    row(`login (n=${LOGINS})`, loginTimes);
    console.log(
      `  a full sync costs ${((syncCpu.user + syncCpu.system) / 1000 / SYNCS).toFixed(0)} ms of CPU in this process (the server, and the client decoding what it sends)`,
    );
    console.log(
      `  feed rows appended per note: ${(Number(feedAfter.head) - Number(feedBefore.head)) / WRITES}; each of the ${busiest.members} members' next pull brings the patient`,
    );
    console.log('');

    const cores = availableParallelism();
    const verifyCpuS = (verifyCpu.user + verifyCpu.system) / 1e6 / LOGINS;
    const loginCpuS = (loginCpu.user + loginCpu.system) / 1e6 / LOGINS;
    const morning = 2000;
    const windowS = 15 * 60;
    console.log(
      `Login cost: argon2id verify ${ms(verifyWall)} wall, ${(verifyCpuS * 1000).toFixed(0)} ms CPU; a whole login RPC ${(loginCpuS * 1000).toFixed(0)} ms CPU (client and server, one process)`,
    );
    console.log(
      `  ${morning} logins in 15 minutes need ${(morning * loginCpuS).toFixed(0)} CPU-s (argon2 alone ${(morning * verifyCpuS).toFixed(0)}) of the ${cores * windowS} CPU-s ${cores} cores give: ` +
        `${((100 * morning * loginCpuS) / (cores * windowS)).toFixed(1)}% on average; at most ${(cores / loginCpuS).toFixed(1)} logins/s, so all ${morning} at once would wait ${((morning * loginCpuS) / cores).toFixed(0)} s`,
    );

    if (EXPLAIN) {
      console.log('');
      // The doctor's own notes above moved the feed on: an incremental pull with nothing new starts from here.
      const caughtUp = (await fullSync(asDoctor)).cursor;
      await explainScenarios(postgres.url, [
        ['SearchPatients (kana prefix)', () => call(clinical, 'PatientService', 'SearchPatients', { query: KANA_QUERIES[0]! }, asDoctor)],
        ['SearchPatients (kanji)', () => call(clinical, 'PatientService', 'SearchPatients', { query: KANJI_QUERIES[0]! }, asDoctor)],
        ['full sync (all pages)', () => fullSync(asDoctor)],
        ['incremental sync, nothing new', () => call(clinical, 'SyncService', 'PullChanges', { cursor: caughtUp, maxChanges: 0 }, asDoctor)],
        [
          'WriteNote',
          () =>
            call(
              clinical,
              'ProgressNoteService',
              'WriteNote',
              { patientId: busiest.patient_id, soap: { subjective: 'EXPLAIN' }, clientRequestId: randomUUID() },
              asDoctor,
            ),
        ],
        ['the member pull after it', () => call(clinical, 'SyncService', 'PullChanges', { cursor: memberCursor, maxChanges: 0 }, asMember)],
        ['Login', () => loginAs(doctor.login_id, doctorPc)],
      ]);
    }
  } finally {
    closeClients();
    await server?.stop();
    await postgres.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function sizeOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`select pg_size_pretty(pg_database_size(current_database())) as size`)).rows[0].size as string;
  } finally {
    await client.end();
  }
}

/** How many statements each scenario sends, and the plans of its slowest reads. */
async function explainScenarios(url: string, scenarios: [string, () => Promise<unknown>][]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [name, run] of scenarios) {
      capture = [];
      await run();
      const statements = capture;
      capture = undefined;
      const total = statements.reduce((sum, s) => sum + s.ms, 0);
      console.log(`== ${name}: ${statements.length} statements, ${ms(total)} from send to answer`);
      // The same statement sent many times in one call is a per-row query.
      const kinds = new Map<string, { count: number; ms: number }>();
      for (const s of statements) {
        const key = s.sql.replace(/\s+/g, ' ').slice(0, 110);
        const kind = kinds.get(key) ?? { count: 0, ms: 0 };
        kind.count += 1;
        kind.ms += s.ms;
        kinds.set(key, kind);
      }
      for (const [key, kind] of [...kinds].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) {
        console.log(`   ${String(kind.count).padStart(3)}× ${ms(kind.ms).padStart(9)}  ${key}`);
      }
      // Timed above from the call, so a statement queued behind others on a transaction's one
      // connection looks slower than it ran: the plans' own execution times rank them.
      const reads = [
        ...new Map(statements.filter((s) => /^\s*(select|with)\b/i.test(s.sql) && !/pg_(advisory|notify)/.test(s.sql)).map((s) => [s.sql, s])).values(),
      ];
      const plans: { statement: Captured; lines: string[]; executionMs: number }[] = [];
      for (const statement of reads) {
        const plan = await client.query(`explain (analyze, buffers) ${statement.sql}`, statement.params as unknown[]);
        const lines = plan.rows.map((line) => String(line['QUERY PLAN']));
        plans.push({ statement, lines, executionMs: Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1] ?? 0) });
      }
      for (const { statement, lines, executionMs } of plans.sort((a, b) => b.executionMs - a.executionMs).slice(0, 3)) {
        if (executionMs < 1) continue;
        console.log(`-- ${ms(executionMs)}: ${statement.sql.length > 400 ? `${statement.sql.slice(0, 400)}…` : statement.sql}`);
        for (const line of lines) console.log(`   ${line}`);
      }
    }
  } finally {
    await client.end();
  }
}

await main();
