import { isRecord } from '../schema/rule.js';
import type { Migration } from './migrate.js';

const channelOfSource: Record<string, string> = {
  web: 'self_report',
  paralegal: 'documenter',
  phone: 'hotline',
  import: 'import',
};

const genderOfV0: Record<string, { genderIdentity: string; genderIdentityOther?: string }> = {
  female: { genderIdentity: 'woman' },
  male: { genderIdentity: 'man' },
  trans: { genderIdentity: 'self_described', genderIdentityOther: 'trans' },
  nonbinary: { genderIdentity: 'non_binary' },
  unknown: { genderIdentity: 'prefer_not_to_say' },
};

const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** Copies the listed keys that are present, dropping absent ones. */
function present(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/**
 * Version 0 is the flat shape of the first pilot, before records carried `schemaVersion`
 * (`uuid`, `org`, `source`, one `perpetrator` per violation, one `consent.given`).
 * See docs/migrations.md for the whole mapping.
 */
export const v0ToV1: Migration = {
  from: 0,
  up(v0) {
    const client = asRecord(v0.client);
    const incident = asRecord(v0.incident);
    const consent = asRecord(v0.consent);
    const gender = typeof client.gender === 'string' ? genderOfV0[client.gender] : undefined;
    const contactAllowed = consent.contact_ok === true;
    const violations = Array.isArray(incident.violations) ? incident.violations : [];
    return present({
      schemaVersion: 1,
      id: v0.uuid,
      organisation: v0.org,
      channel:
        typeof v0.source === 'string' ? (channelOfSource[v0.source] ?? v0.source) : undefined,
      createdAt: v0.created,
      updatedAt: v0.updated ?? v0.created,
      client: present({
        code: client.code,
        age: client.age,
        ...gender,
        keyPopulations: Array.isArray(client.groups) ? client.groups : [],
        // Least data: a phone number survives only when the client agreed to be contacted.
        contact:
          contactAllowed && typeof client.phone === 'string' ? { phone: client.phone } : undefined,
      }),
      incident: present({
        date: incident.date,
        country: incident.country,
        city: incident.city,
        placeKind: incident.place,
        account: incident.description,
        violations: violations.map((violation) => {
          const entry = asRecord(violation);
          return present({
            type: entry.type,
            rights: Array.isArray(entry.rights) ? entry.rights : [],
            perpetrators: entry.perpetrator === undefined ? [] : [{ type: entry.perpetrator }],
          });
        }),
      }),
      consent: present({
        record: { given: consent.given },
        statistics:
          consent.share_stats === undefined ? undefined : { given: consent.share_stats === true },
        contact: consent.contact_ok === undefined ? undefined : { given: contactAllowed },
      }),
    });
  },
};
