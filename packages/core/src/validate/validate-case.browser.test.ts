/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { loadLocale, redact, validateCase } from '../index.js';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';

describe('@talap/core in Chromium', () => {
  it('validates a case with the browser entry', () => {
    const result = validateCase(dentalRefusalCase());
    expect(result.ok).to.equal(true);
  });

  it('reports issues with JSON Pointers and English messages', () => {
    const record: Record<string, unknown> = { ...dentalRefusalCase(), incidnet: {} };
    const result = validateCase(record);
    expect(result.ok).to.equal(false);
    expect(result.issues.map((issue) => `${issue.path} ${issue.code}`)).to.deep.equal([
      '/incidnet unknown_property',
    ]);
    expect(result.issues[0]?.message).to.contain('/incidnet');
  });

  it('loads the Russian catalog on demand and answers in Russian', async () => {
    await loadLocale('ru');
    const record: Record<string, unknown> = dentalRefusalCase();
    delete record.organisation;
    const result = validateCase(record, { locale: 'ru' });
    expect(result.issues[0]?.message).to.match(/[а-яё]/i);
  });

  it('redacts for partners without identifying fields', () => {
    const shared = redact(dentalRefusalCase(), 'partner');
    expect(JSON.stringify(shared)).not.to.contain('ALM-0042');
    expect(shared?.incident?.date).to.equal('2024-03');
  });
});
