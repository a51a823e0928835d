#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every parser that takes outside input, each target for a
# bounded time (the @FuzzTest's maxDuration, 30 s). `./mvnw verify` only replays the regression
# inputs kept in src/test/resources/**/<Class>Inputs/<method>/; this script fuzzes. A finding
# fails the run and is written next to those inputs as crash-<sha1>: fix the parser, keep the file
# (it becomes a regression test). Jazzer fuzzes one test per JVM, hence one run per target.
# Usage: scripts/fuzz.sh [Class#method ...]   (default: all targets below)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
# coverage of the parsers' libraries too, not only of our classes
export JAZZER_INSTRUMENT="${JAZZER_INSTRUMENT:-org.palmares.**,org.apache.commons.csv.**,org.apache.commons.compress.**,org.yaml.snakeyaml.**,com.fasterxml.jackson.**}"

targets=(
  "evaluator CsvFuzzTest#predictionsAreReadOrRefusedWithAMessage"
  "evaluator CsvFuzzTest#labelsAreReadOrRefusedNamingTheFile"
  "evaluator ImageArchiveFuzzTest#anyUploadIsInspectedOrRefused"
  "evaluator MaskFuzzTest#anyMaskFileIsReadOrRefusedWithAPhrase"
  "evaluator DetectionsFuzzTest#anyDetectionsFileIsReadOrRefusedNamingTheCase"
  "platform BundleFuzzTest#anyArchiveUnpacksToPlainFilesInsideItsFolderOrIsRefused"
  "platform BundleFuzzTest#anyChallengeYamlIsReadOrRefusedWithItsProblems"
  "platform JsonBodyFuzzTest#anyJsonBodyIsAnsweredBelow500InTheApiErrorShape"
)
if [ $# -gt 0 ]; then
  wanted=("$@")
  selected=()
  for t in "${targets[@]}"; do
    for w in "${wanted[@]}"; do [ "${t#* }" = "$w" ] && selected+=("$t"); done
  done
  targets=("${selected[@]}")
fi

failed=()
for t in "${targets[@]}"; do
  module=${t%% *}
  test=${t#* }
  echo "== fuzzing $module $test"
  if ! JAZZER_FUZZ=1 ./mvnw -B -q -pl "$module" -am test -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false; then
    failed+=("$test")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs saved under src/test/resources/**/*Inputs/)" >&2
  exit 1
fi
echo "fuzzing: ${#targets[@]} target(s), no finding"
