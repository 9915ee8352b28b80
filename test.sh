#!/usr/bin/env bash
# Runs the whole test suite. Tests start what they need (Azurite, smtp4dev, loopback fakes) on free
# loopback ports, so nothing needs to be running first. Extra arguments go to `dotnet test`
# (e.g. ./test.sh --filter "FullyQualifiedName~Rotations").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap

echo "==> building"
dotnet build Serverless.sln --nologo -v quiet -clp:ErrorsOnly

echo "==> testing"
start=$SECONDS
dotnet test Serverless.sln --no-build --nologo --logger "console;verbosity=minimal" "$@"
echo "==> all tests passed in $((SECONDS - start))s"
