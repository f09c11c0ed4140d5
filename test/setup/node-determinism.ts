/**
 * Global set-up of the workers test project: plays the determinism suite in
 * Node (this process) and hands the result to the tests running in workerd.
 */
import type { TestProject } from 'vitest/node'
import { createNodeGroupRunner, createNodeRunner } from '../../sandbox/node'
import { determinismSuite } from '../shared/determinism-suite'

declare module 'vitest' {
  export interface ProvidedContext {
    nodeDeterminism: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const runner = await createNodeRunner()
  const groups = await createNodeGroupRunner()
  try {
    project.provide('nodeDeterminism', await determinismSuite(runner, groups))
  } finally {
    runner.dispose()
    groups.dispose()
  }
}
