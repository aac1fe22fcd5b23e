import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMAND_IDS } from '../../../src/commands/ids';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus?: Record<string, { command: string }[]> };
};

describe('commands: the registry and package.json agree', () => {
  it('registers exactly the contributed commands', () => {
    const contributed = pkg.contributes.commands.map(c => c.command);
    assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
    assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'no id twice');
  });

  it('menus name only registered commands', () => {
    const inMenus = Object.values(pkg.contributes.menus ?? {})
      .flat()
      .map(m => m.command);
    for (const id of inMenus) assert.ok((COMMAND_IDS as readonly string[]).includes(id), `${id} is in a menu but not registered`);
  });
});
