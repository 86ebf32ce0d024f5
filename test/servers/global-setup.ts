/**
 * vitest globalSetup: one rig per test run, shared by every test file through inject('rig').
 */
import type { TestProject } from 'vitest/node';
import { startRig } from './rig';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const rig = await startRig();
  console.log(`rig: started in ${Date.now() - started} ms (${rig.info.tempDir})`);
  project.provide('rig', rig.info);
  return async () => {
    await rig.stop();
  };
}
