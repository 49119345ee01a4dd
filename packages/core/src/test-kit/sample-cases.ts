import type { Case } from '../schema/case.js';

/** A complete, valid documenter case: a clinic refused to finish dental work after the client mentioned HIV treatment. */
export function dentalRefusalCase(): Case {
  return {
    schemaVersion: 1,
    id: '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f70',
    organisation: 'kz-aman',
    channel: 'documenter',
    createdAt: '2024-03-20T09:15:00.000Z',
    updatedAt: '2024-04-02T16:40:00.000Z',
    revision: 2,
    client: {
      code: 'ALM-0042',
      age: 34,
      ageBand: 'age_25_34',
      genderIdentity: 'woman',
      keyPopulations: ['people_living_with_hiv'],
      countryOfResidence: 'KZ',
      contact: {
        phone: '+7 701 000 0000',
        preferredMethod: 'messenger',
        safeToLeaveMessage: false,
      },
    },
    incident: {
      date: '2024-03-14',
      country: 'KZ',
      region: 'Almaty',
      city: 'Almaty',
      placeKind: 'health_facility',
      account:
        'The dentist stopped the paid treatment when the client mentioned her HIV therapy and kept the deposit.',
      violations: [
        {
          type: 'health_care_denied',
          rights: ['right_to_health', 'non_discrimination'],
          perpetrators: [{ type: 'health_worker' }],
          harm: { moneyTaken: { amount: 40000, currency: 'KZT' } },
        },
      ],
    },
    firstContactDate: '2024-03-20',
    responses: [
      { type: 'written_complaint', date: '2024-03-22', by: 'documenter' },
      {
        type: 'referral',
        date: '2024-03-25',
        by: 'documenter',
        referral: { target: 'lawyer', status: 'made' },
      },
    ],
    outcome: {
      status: 'resolved',
      results: ['service_restored'],
      date: '2024-04-02',
      strategicCase: false,
    },
    qualification: 'rights_violation',
    consent: {
      record: { given: true, method: 'written_signature', date: '2024-03-20' },
      statistics: { given: true, method: 'written_signature', date: '2024-03-20' },
      contact: { given: true, method: 'written_signature', date: '2024-03-20' },
      refer: { given: true, method: 'written_signature', date: '2024-03-20' },
    },
  };
}

/** A minimal valid self-report: only what the short form asks, no contact, no free text. */
export function minimalSelfReport(): Case {
  return {
    schemaVersion: 1,
    id: '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f71',
    organisation: 'ua-light',
    channel: 'self_report',
    createdAt: '2024-05-01T12:00:00Z',
    updatedAt: '2024-05-01T12:00:00Z',
    client: { code: 'SR-1', keyPopulations: [] },
    incident: {
      date: '2024-04',
      dateApproximate: true,
      country: 'UA',
      placeKind: 'online',
      violations: [{ type: 'threats', rights: [], perpetrators: [{ type: 'online_account' }] }],
    },
    consent: { record: { given: true, method: 'online_checkbox' } },
  };
}
