import { describe, expect, it } from 'vitest';
import { crmMatch, splitByCrm, type CrmIdentity } from '../../src/core/crm-match.js';

const A: CrmIdentity = { key: 'sqlite:64768-101', label: 'the embedded CRM /srv/a.db' };
const A2: CrmIdentity = { key: 'sqlite:64768-101', label: 'the embedded CRM /srv/link-to-a.db' };
const B: CrmIdentity = { key: 'sqlite:64768-202', label: 'the embedded CRM /srv/b.db' };
const H: CrmIdentity = { key: 'http:https://crm.example.com/prod', label: 'the CRM at https://crm.example.com/prod' };
const H2: CrmIdentity = { key: 'http:https://crm.example.com/staging', label: 'the CRM at …/staging' };

describe('crmMatch: may a dead run of `recorded` be restored into tonight’s CRM?', () => {
  it.each([
    { name: 'the same database file', recorded: A, tonight: A, match: 'same' },
    { name: 'the same file by another path (the key decides, not the label)', recorded: A2, tonight: A, match: 'same' },
    { name: 'another database file', recorded: B, tonight: A, match: 'other' },
    { name: 'the same HTTP CRM', recorded: H, tonight: H, match: 'same' },
    { name: 'another path on the same host', recorded: H2, tonight: H, match: 'other' },
    { name: 'an HTTP CRM against an embedded one', recorded: H, tonight: A, match: 'other' },
    { name: 'a run of an earlier version (none recorded)', recorded: null, tonight: A, match: 'unrecorded' },
    { name: 'tonight’s CRM not known', recorded: A, tonight: null, match: 'unrecorded' },
    { name: 'neither known', recorded: null, tonight: null, match: 'unrecorded' },
  ] as const)('$name: $match', ({ recorded, tonight, match }) => {
    expect(crmMatch(recorded, tonight)).toBe(match);
  });
});

describe('splitByCrm', () => {
  const items = [
    { id: 1, crm: A },
    { id: 2, crm: B },
    { id: 3, crm: null },
    { id: 4, crm: A2 },
  ];
  it.each([
    {
      tonight: A,
      mine: [1, 4],
      others: [
        [2, 'other'],
        [3, 'unrecorded'],
      ],
    },
    {
      tonight: B,
      mine: [2],
      others: [
        [1, 'other'],
        [3, 'unrecorded'],
        [4, 'other'],
      ],
    },
    {
      tonight: null,
      mine: [],
      others: [
        [1, 'unrecorded'],
        [2, 'unrecorded'],
        [3, 'unrecorded'],
        [4, 'unrecorded'],
      ],
    },
  ])('tonight $tonight.key: mine $mine', ({ tonight, mine, others }) => {
    const split = splitByCrm(items, tonight);
    expect(split.mine.map((i) => i.id)).toEqual(mine);
    expect(split.others.map((o) => [o.item.id, o.match])).toEqual(others);
  });
});
