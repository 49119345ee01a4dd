import type { Vocabulary } from './vocabulary.js';

/** Codes of the kinds of rights violation a case can record. */
export const violationTypeCodes = [
  'health_care_denied',
  'harm_reduction_or_ost_denied',
  'confidentiality_breach',
  'forced_testing',
  'forced_medical_procedure',
  'physical_violence',
  'sexual_violence',
  'psychological_violence',
  'economic_violence',
  'threats',
  'hate_speech',
  'cyberbullying',
  'outing',
  'arbitrary_detention',
  'unlawful_search',
  'extortion',
  'fabricated_evidence',
  'unjust_prosecution',
  'documents_confiscated',
  'legal_aid_denied',
  'employment_denied',
  'education_denied',
  'housing_denied',
  'social_services_denied',
  'discrimination_in_services',
  'parental_rights_restricted',
  'migration_restriction',
  'other',
] as const;

/** A violation type code. */
export type ViolationType = (typeof violationTypeCodes)[number];

/** Violation types with descriptions and crosswalks to HURIDOCS and GBVIMS. */
export const violationTypes: Vocabulary<ViolationType> = {
  name: 'violationType',
  codes: violationTypeCodes,
  entries: {
    health_care_denied: {
      description:
        "Medical care refused, delayed, cut short or given worse because of the person's HIV status, drug use, sex work, sexual orientation or gender identity.",
      huridocs: 'Denial of access to health care',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    harm_reduction_or_ost_denied: {
      description:
        "Opioid substitution therapy or a harm reduction service (needles and syringes, naloxone, testing) refused, interrupted or changed against the person's will, including in detention.",
      huridocs: 'Denial of access to health care',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    confidentiality_breach: {
      description:
        'HIV status, a diagnosis, treatment or other health information disclosed without consent by someone who holds it in confidence, such as a health worker or an official.',
      huridocs: 'Violation of privacy',
    },
    forced_testing: {
      description:
        'A test for HIV, drugs or other infections, or a medical examination, carried out without free and informed consent.',
    },
    forced_medical_procedure: {
      description:
        'Treatment or a medical procedure imposed without free and informed consent, such as compulsory drug treatment, sterilisation or pressure to end a pregnancy.',
    },
    physical_violence: {
      description:
        'Beating or any other physical harm that is not sexual, including ill-treatment in custody.',
      huridocs: 'Ill-treatment',
      gbvims: 'Physical Assault',
    },
    sexual_violence: {
      description: 'Rape, attempted rape or any other sexual contact or act without consent.',
      huridocs: 'Sexual violence',
    },
    psychological_violence: {
      description:
        'Humiliation, intimidation, isolation, control or other conduct that causes emotional harm.',
      gbvims: 'Psychological / Emotional Abuse',
    },
    economic_violence: {
      description:
        "Money, property or earnings taken or withheld, including unpaid sexual services and control over the person's income.",
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    threats: {
      description:
        'Threats of violence, of disclosing status or identity, of arrest or of other harm.',
      huridocs: 'Threat',
      gbvims: 'Psychological / Emotional Abuse',
    },
    hate_speech: {
      description:
        'Insults or statements, in person, in the media or online, that demean people for their HIV status, drug use, sex work, sexual orientation or gender identity.',
      gbvims: 'Psychological / Emotional Abuse',
    },
    cyberbullying: {
      description:
        'Harassment, threats or humiliation carried out online or through messengers, including fake profiles and posting private images.',
      huridocs: 'Harassment',
      gbvims: 'Psychological / Emotional Abuse',
    },
    outing: {
      description:
        "Sexual orientation, gender identity, HIV status, drug use or sex work revealed to others against the person's will by someone with no duty of confidentiality.",
      huridocs: 'Violation of privacy',
      gbvims: 'Psychological / Emotional Abuse',
    },
    arbitrary_detention: {
      description:
        'Arrest, detention or being taken to a police station without lawful grounds or due process.',
      huridocs: 'Arbitrary detention',
    },
    unlawful_search: {
      description:
        'A search of the body, home or belongings without lawful grounds or procedure, including a degrading strip search.',
    },
    extortion: {
      description:
        'Money, sex or information demanded under threat of arrest, prosecution, disclosure or violence, most often by police.',
      huridocs: 'Extortion',
    },
    fabricated_evidence: {
      description:
        'Planted drugs or other evidence, a forced confession or invented charges used against the person.',
    },
    unjust_prosecution: {
      description:
        'Criminal or administrative prosecution, fines or punishment for HIV exposure, sex work, drug use, sexual orientation or gender identity that breaches human rights standards.',
    },
    documents_confiscated: {
      description:
        'A passport, identity, medical or migration document taken or withheld by police, an employer, a client or anyone else.',
    },
    legal_aid_denied: {
      description:
        'Access to a lawyer, to free legal aid, or to a complaint or court procedure refused or obstructed.',
    },
    employment_denied: {
      description:
        'Refusal to hire, dismissal, forced resignation or other unfair treatment at work because of status or identity.',
      huridocs: 'Dismissal',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    education_denied: {
      description:
        'Refusal to enrol, exclusion or unequal treatment in a kindergarten, school, college or university.',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    housing_denied: {
      description:
        'Refusal to rent, eviction or being forced out of a home because of status or identity.',
      huridocs: 'Forced eviction',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    social_services_denied: {
      description:
        'Social benefits, a pension, disability status, a shelter place or other social support refused.',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    discrimination_in_services: {
      description:
        'Refusal or unequal treatment in a shop, bank, transport, notary, public office or any other service not covered by a more specific code.',
      huridocs: 'Discrimination',
      gbvims: 'Denial of Resources, Opportunities or Services',
    },
    parental_rights_restricted: {
      description:
        'Children removed, parental rights restricted or taken away, or adoption or custody refused because of status or identity.',
    },
    migration_restriction: {
      description:
        'Entry ban, refusal of a residence or work permit, or deportation because of HIV status or another health condition.',
      huridocs: 'Deportation',
    },
    other: {
      description:
        'A violation that none of the other codes describes; the case records it in words.',
    },
  },
};
