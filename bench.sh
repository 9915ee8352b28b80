#!/usr/bin/env bash
# Measures OnDuty at its busiest (alert storm, open list, on call, schedule, start-up, memory) against raw Table Storage
# inserts measured in the same run. Release build published as deployed (ReadyToRun), in-memory Azurite, loopback servers, free ports; leaves nothing running.
# Prints a table and writes artifacts/bench/summary.json.   ./bench.sh [--quick] [--dll other/OnDuty.LocalHost.dll (another build, to compare)]
# ./bench.sh --against-run [--quick]: the storm and the open list against an OnDuty already started with ./run.sh (its build,
# logging and timers), raw inserts into run.sh's Azurite as the baseline; writes artifacts/bench/run-summary.json.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap

if [[ "${1:-}" == "--against-run" ]]; then
  shift
  dotnet build tests/OnDuty.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
  exec dotnet run -c Release --no-build --project tests/OnDuty.Benchmarks -- against-run "$@"
fi

echo "==> publishing OnDuty as the Functions app is deployed (Release, ReadyToRun) to artifacts/bench/localhost"
dotnet publish src/OnDuty.LocalHost -c Release -o artifacts/bench/localhost --nologo -v quiet -clp:ErrorsOnly
dotnet build tests/OnDuty.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet run -c Release --no-build --project tests/OnDuty.Benchmarks -- scenarios "$@"
