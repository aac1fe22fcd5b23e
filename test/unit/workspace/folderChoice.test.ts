import assert from 'node:assert/strict';
import { chooseFolder } from '../../../src/workspace/folderChoice';

/** Folders by name; those in `withConfig` hold a report config; `answer` is the user's pick. */
function choose(folders: string[], withConfig: string[], answer?: string) {
  const asked: (readonly string[])[] = [];
  const result = chooseFolder({
    folders,
    hasReportConfig: async f => {
      if (f === 'broken') throw new Error('EACCES');
      return withConfig.includes(f);
    },
    ask: async candidates => {
      asked.push(candidates);
      return answer;
    },
  });
  return result.then(r => ({ result: r, asked }));
}

describe('workspace: which folder a report is for', () => {
  it('with one folder, takes it without looking or asking (even without a config: the panel explains)', async () => {
    assert.deepEqual(await choose(['a'], []), { result: { folder: 'a' }, asked: [] });
  });

  it('with none, opens with no folder (the panel asks to open one)', async () => {
    assert.deepEqual(await choose([], []), { result: { folder: undefined }, asked: [] });
  });

  it('with several, takes the only one with a config without asking', async () => {
    assert.deepEqual(await choose(['a', 'b', 'broken'], ['b']), { result: { folder: 'b' }, asked: [] });
  });

  it('with several configs, asks among those folders only', async () => {
    assert.deepEqual(await choose(['a', 'b', 'c'], ['a', 'c'], 'c'), { result: { folder: 'c' }, asked: [['a', 'c']] });
  });

  it('a cancelled pick opens nothing', async () => {
    assert.deepEqual(await choose(['a', 'b'], ['a', 'b'], undefined), { result: undefined, asked: [['a', 'b']] });
  });

  it('with several and no config, opens with no folder', async () => {
    assert.deepEqual(await choose(['a', 'b'], []), { result: { folder: undefined }, asked: [] });
  });
});
