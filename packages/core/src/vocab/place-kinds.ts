import type { Vocabulary } from './vocabulary.js';

/** Codes of the kinds of place where an incident happens. */
export const placeKindCodes = [
  'health_facility',
  'aids_centre',
  'drug_treatment_or_ost_site',
  'pharmacy',
  'police_station',
  'court',
  'prison_or_detention',
  'street_or_public_place',
  'workplace',
  'home',
  'school_or_university',
  'social_services_office',
  'shelter',
  'online',
  'border_or_migration_office',
  'other',
] as const;

/** A place kind code. */
export type PlaceKind = (typeof placeKindCodes)[number];

/** Place kinds with descriptions and crosswalks to HURIDOCS types of locations. */
export const placeKinds: Vocabulary<PlaceKind> = {
  name: 'placeKind',
  codes: placeKindCodes,
  entries: {
    health_facility: {
      description:
        'A hospital, polyclinic, maternity centre, dental or other clinic, public or private.',
      huridocs: 'Health facility',
    },
    aids_centre: {
      description:
        'A specialised AIDS centre or HIV clinic, including its laboratory and outreach points.',
      huridocs: 'Health facility',
    },
    drug_treatment_or_ost_site: {
      description:
        'A drug-dependence treatment (narcology) service or an opioid substitution therapy site.',
      huridocs: 'Health facility',
    },
    pharmacy: {
      description: 'A pharmacy or other point where medicines are dispensed.',
    },
    police_station: {
      description: 'A police station, police vehicle or other premises of the police.',
      huridocs: 'Police station',
    },
    court: {
      description: "A court or prosecutor's office.",
      huridocs: 'Court',
    },
    prison_or_detention: {
      description:
        'A prison, penal colony, pre-trial or temporary detention facility, or a closed immigration or compulsory treatment centre.',
      huridocs: 'Place of detention',
    },
    street_or_public_place: {
      description: 'A street, park, public transport or other public place.',
      huridocs: 'Public place',
    },
    workplace: {
      description: 'The place where the person works, including a place of sex work.',
      huridocs: 'Workplace',
    },
    home: {
      description: 'The home of the client, of a relative, of a partner or of the perpetrator.',
      huridocs: 'Home',
    },
    school_or_university: {
      description: 'A kindergarten, school, college, university or training centre.',
      huridocs: 'Educational institution',
    },
    social_services_office: {
      description:
        'A social services, child protection, employment or other public service office.',
    },
    shelter: {
      description: 'A shelter, crisis centre or other temporary accommodation.',
    },
    online: {
      description: 'A website, social network, messenger, dating app or other online space.',
    },
    border_or_migration_office: {
      description: 'A border crossing, airport control or migration office.',
      huridocs: 'Border',
    },
    other: {
      description: 'A place that none of the other codes describes; the case records it in words.',
    },
  },
};
