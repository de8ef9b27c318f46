// The private CA that `renkei-admin init` creates. It signs the server certificate that both
// listeners present; enrollment codes carry a pin of it, so clinic PCs trust it on first contact.
// ECDSA P-256 keys, SHA-256 signatures.
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const CA_YEARS = 20;
const SERVER_CERT_DAYS = 825; // the longest validity common TLS clients accept

interface PemPair {
  certificatePem: string;
  privateKeyPem: string;
}

/** PEM text always ends with a newline, so that PEMs can be concatenated into a chain. */
function pem(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return pem(x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'));
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(pem)[0]!, ALGORITHM, false, ['sign']);
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export async function createCertificateAuthority(regionName: string, now = new Date()): Promise<PemPair> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name = `CN=Renkei CA (${regionName.replace(/[,=+<>#;"\\]/g, ' ')}), O=Renkei`;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: addDays(now, -1),
    notAfter: addDays(now, CA_YEARS * 365),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: pem(certificate.toString('pem')), privateKeyPem: await exportKeyPem(keys.privateKey) };
}

interface ServerNames {
  dnsNames: string[];
  ipAddresses: string[];
}

/** Issues the server certificate for every name and address clients connect to. */
export async function issueServerCertificate(ca: PemPair, names: ServerNames, now = new Date()): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const caKey = await importKeyPem(ca.privateKeyPem);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const subjectAltNames = [
    ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...names.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names.dnsNames[0] ?? names.ipAddresses[0] ?? 'renkei'}, O=Renkei`,
    issuer: caCert.subject,
    notBefore: addDays(now, -1),
    notAfter: addDays(now, SERVER_CERT_DAYS),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(subjectAltNames, false),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: pem(certificate.toString('pem')), privateKeyPem: await exportKeyPem(keys.privateKey) };
}

/** DER bytes of a PEM certificate (what the CA pin is computed over). */
export function certificateDer(pem: string): Buffer {
  return Buffer.from(new NodeX509(pem).raw);
}
