import { spawnSync } from 'node:child_process';

/**
 * What was tested, as the pipeline names it: the release and commit, the CodeBuild build and the
 * CodePipeline execution. Read from the variables CodeBuild sets (and RELEASE_VERSION, which the
 * pipeline passes); locally the commit comes from git, when there is one.
 */
export interface ReleaseIdentification {
  release?: string;
  commit?: string;
  build?: string;
  buildNumber?: string;
  pipelineExecution?: string;
  sourceRepository?: string;
  initiator?: string;
}

export function identifyRelease(env: NodeJS.ProcessEnv = process.env, projectRoot?: string): ReleaseIdentification {
  const identification: ReleaseIdentification = {
    release: env.RELEASE_VERSION || undefined,
    commit: env.CODEBUILD_RESOLVED_SOURCE_VERSION || env.GIT_COMMIT || (projectRoot ? gitCommit(projectRoot) : undefined),
    build: env.CODEBUILD_BUILD_ID || undefined,
    buildNumber: env.CODEBUILD_BUILD_NUMBER || undefined,
    pipelineExecution: env.CODEPIPELINE_EXECUTION_ID || undefined,
    sourceRepository: env.CODEBUILD_SOURCE_REPO_URL || undefined,
    initiator: env.CODEBUILD_INITIATOR || undefined,
  };
  return Object.fromEntries(Object.entries(identification).filter(([, value]) => value !== undefined)) as ReleaseIdentification;
}

function gitCommit(projectRoot: string): string | undefined {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8', timeout: 5_000 });
  const commit = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}
