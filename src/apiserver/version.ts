// What /version reports. kubectl's dispatcher picks its client binary from `minor`
// (compat reference §0), so this must say Kubernetes 1.32.

const BUILD_DATE = '2026-11-23T00:00:00Z';

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0+k8ts',
    gitCommit: 'k8ts',
    gitTreeState: 'clean',
    buildDate: BUILD_DATE,
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform === 'win32' ? 'windows' : process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
