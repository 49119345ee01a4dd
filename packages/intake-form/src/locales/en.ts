/**
 * The form's own English strings: buttons, progress, messages, and plainer labels where the form
 * asks differently from the schema's catalog. Field labels, help and vocabulary labels come from
 * `@talap/core`'s catalogs; a `field.…` key here overrides the catalog in every mode, and a
 * `selfReport.…` key overrides it in self-report mode.
 */
export const strings = {
  'form.label.selfReport': 'Report a rights violation',
  'form.label.documenter': 'Record a case',
  'quickExit.button': 'Quick exit',
  'quickExit.hint': 'Leaves this page at once. You can also press Esc twice.',
  'progress.label': 'Progress',
  'progress.step': 'Step {current} of {total}',
  'step.review': 'Check your answers',
  'step.review.intro':
    'Check your answers before you send them. You can go back and change anything.',
  'intro.consent.selfReport':
    'This form is confidential. We never ask for your name. You can stop at any time: the Quick exit button leaves this page at once.',
  'intro.consent.documenter':
    'Explain to the client what will be recorded and who will see it, then record their consent.',
  'button.next': 'Next',
  'button.back': 'Back',
  'button.submit.selfReport': 'Send my report',
  'button.submit.documenter': 'Submit the case',
  'button.change': 'Change',
  'button.startAgain': 'Start again',
  'button.newReport': 'Start a new report',
  'marker.required': 'required',
  'answer.none': 'Not answered',
  'answer.yes': 'Yes',
  'answer.no': 'No',
  'choice.placeholder': 'Choose…',
  'date.year': 'Year',
  'date.month': 'Month',
  'date.day': 'Day',
  'date.monthUnknown': 'Not sure',
  'date.hint': 'Give the year. Add the month and the day only if you know them.',
  'list.item': 'Item {n}',
  'list.add': 'Add another',
  'list.remove': 'Remove item {n}',
  'list.empty': 'Nothing added yet.',
  'list.incident.violations.item': 'Violation {n}',
  'list.incident.violations.add': 'Add another violation',
  'list.incident.violations.remove': 'Remove violation {n}',
  'list.incident.violations.perpetrators.item': 'Who was responsible ({n})',
  'list.incident.violations.perpetrators.add': 'Add another person or body responsible',
  'list.incident.violations.perpetrators.remove': 'Remove responsible {n}',
  'list.responses.item': 'Response {n}',
  'list.responses.add': 'Add a response',
  'list.responses.remove': 'Remove response {n}',
  'list.responses.empty': 'No response recorded yet.',
  'group.client.contact': 'Contact details',
  'group.incident.violations.harm': 'Harm',
  'group.incident.violations.harm.moneyTaken': 'Money taken',
  'group.incident.violations.harm.fineImposed': 'Fine imposed',
  'group.incident.otherAffected': 'Other people harmed',
  'group.responses.referral': 'Referral',
  'group.consent.record': 'Recording the case',
  'group.consent.refer': 'Referral to another organisation',
  'group.consent.statistics': 'Anonymous statistics',
  'group.consent.story': 'Anonymised story',
  'group.consent.contact': 'Being contacted',
  'field.incident.country.help': 'The country where it happened.',
  'field.client.countryOfResidence.help':
    'The country where the person lives; it can differ from the country where it happened.',
  'field.incident.date.help': 'When it happened, as precisely as is known.',
  'selfReport.section.consent': 'Before you start',
  'selfReport.section.client': 'About you',
  'selfReport.section.incident': 'When and where it happened',
  'selfReport.section.violations': 'What happened',
  'selfReport.section.record': 'A few more questions',
  'selfReport.field.consent.record.given.label': 'I agree that my report is recorded',
  'selfReport.field.consent.record.given.help':
    'We keep your answers to help you and to document rights violations. We never ask for your name.',
  'selfReport.field.consent.refer.given.label':
    'You may pass my report to another organisation that can help, such as a lawyer or a clinic',
  'selfReport.field.consent.refer.given.help': 'You can change your mind at any time.',
  'selfReport.field.consent.statistics.given.label':
    'You may count my report in statistics that do not show who I am',
  'selfReport.field.consent.statistics.given.help':
    'Numbers like these help to change laws and practices.',
  'selfReport.field.consent.story.given.label':
    'You may tell what happened to me, without anything that shows who I am',
  'selfReport.field.consent.story.given.help': 'For example in a report or a campaign.',
  'selfReport.field.consent.contact.given.label': 'You may contact me about my report',
  'selfReport.field.consent.contact.given.help':
    'If you tick this, you can tell us how and when it is safe to contact you.',
  'selfReport.field.client.age.label': 'Your age',
  'selfReport.field.client.age.help': 'In full years. You can choose an age group instead.',
  'selfReport.field.client.ageBand.help': 'If you prefer not to give your exact age.',
  'selfReport.field.client.genderIdentity.label': 'Your gender',
  'selfReport.field.client.genderIdentity.help':
    'Choose what describes you best. “Prefer not to say” is fine.',
  'selfReport.field.client.genderIdentityOther.help': 'Describe your gender in your own words.',
  'selfReport.field.client.pronouns.help': 'For example she/her, he/him, they/them.',
  'selfReport.field.client.keyPopulations.label': 'Groups you belong to',
  'selfReport.field.client.keyPopulations.help':
    'Choose every group you belong to, if you want to. Several is normal. This stays confidential.',
  'selfReport.field.client.countryOfResidence.label': 'The country you live in',
  'selfReport.field.client.countryOfResidence.help':
    'It can differ from the country where it happened.',
  'selfReport.group.client.contact': 'How we can reach you safely',
  'selfReport.field.incident.account.label': 'What happened, in your own words',
  'selfReport.field.incident.account.help':
    'Leave out names, addresses and anything else that could show who you or others are.',
  'selfReport.field.incident.violations.type.label': 'What was done to you',
  'selfReport.field.incident.violations.type.help':
    'Choose what describes it best. If several things happened, add each one.',
  'error.summary.title': 'There is a problem',
  'error.prefix': 'Error:',
  'warning.prefix': 'Check:',
  'error.required': 'Fill in this field.',
  'error.required.choice': 'Choose an answer.',
  'error.required.choices': 'Choose at least one answer.',
  'error.required.agree': 'Tick this box to continue.',
  'error.agree': 'Tick this box to continue.',
  'error.choice': 'Choose one of the options.',
  'error.number': 'Enter a number, for example 12.',
  'error.integer': 'Enter a whole number, for example 34.',
  'error.date':
    'Enter the year as four digits, for example 2024. Add the month, and then the day, only if you know them.',
  'error.email': 'Enter an email address like name@example.org.',
  'error.tel': 'Enter a phone number in digits, for example +7 701 234 5678.',
  'error.country': 'Choose a country from the list.',
  'error.currency': 'Enter the currency as three letters, for example KZT.',
  'error.format': 'Check this answer: see the hint under the question.',
  'error.tooSmall': 'Enter {minimum} or more.',
  'error.tooBig': 'Enter {maximum} or less.',
  'error.tooShort': 'This is too short.',
  'error.tooLong': 'Use {maximum} characters or fewer.',
  'error.tooFew': 'Add at least {minimum}.',
  'error.tooMany': 'Add no more than {maximum}.',
  'error.duplicate': 'Choose each option only once.',
  'error.otherNeedsDescription': 'Describe it in a few words.',
  'error.referralTarget': 'Say where the client was referred.',
  'error.contactWithoutConsent':
    'Contact details can only be kept with consent to be contacted. Give that consent on the consent step, or clear these details.',
  'error.invalid': 'Check this answer.',
  'warning.dateBeforeIncident': 'This date is before the date of the incident: check both dates.',
  'status.draftRestored': 'We restored the answers saved on this device.',
  'status.sending': 'Sending…',
  'status.sent': 'Thank you. Your report has been sent.',
  'status.sent.documenter': 'The case has been sent.',
  'status.queued': 'Saved on this device. It will be sent in a moment.',
  'status.offline':
    'You are offline. Your report is saved on this device and will be sent by itself when you are back online.',
  'status.retrying':
    'We could not send your report yet. It is saved on this device and we will keep trying.',
  'status.submitted': 'Thank you. Your answers have been submitted.',
  'status.rejected':
    'The organisation could not accept this report. Please contact them; your answers were not lost.',
  'status.failed':
    'Something went wrong and your report was not saved. Please try again, or contact the organisation.',
  'done.title': 'Thank you',
} as const;

/** A key of the form's strings. */
export type IntakeFormStringKey = keyof typeof strings;
