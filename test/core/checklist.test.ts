import { expect, it } from 'vitest';
import { SECRET_SETTINGS, SETTINGS_TO_REMOVE, settingName } from '../../src/core/checklist.js';

it.each([
  { name: 'a setting to update', n: 8, want: 'RTDR EndPoint/WebService URL' },
  { name: 'a secret to update', n: 13, want: 'DataPump Payments EndPoint/WebService Password' },
  { name: 'a setting to remove', n: 88, want: 'Secondary RTDR EndPoint/WebService URL' },
  { name: 'the last to remove', n: 105, want: 'Batch Single Invoice Imports' },
  { name: 'one the checklist does not name', n: 3, want: 'Advanced Setting 3' },
])('settingName: $name ($n)', ({ n, want }) => {
  expect(settingName(n)).toBe(want);
});

it('every secret setting and every setting to remove has its checklist name', () => {
  for (const n of [...SECRET_SETTINGS, ...SETTINGS_TO_REMOVE.map((s) => s.number)]) {
    expect(settingName(n)).not.toBe(`Advanced Setting ${n}`);
  }
});
