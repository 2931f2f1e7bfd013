#!/usr/bin/env bash
# Runs every .si file of a snapshot of the published Siren repository (github.com/psg-mit/siren) through EPIC and
# reports how many parse and how many run. Not a test: the published programs are not part of this project.
#
#   scripts/run-published-siren.sh SNAPSHOT_DIR [PARTICLES] [TIMEOUT_SECONDS]
#
# Each program is checked (`epic check`, all files in one JVM), then run with SSI at PARTICLES (default 10) particles
# and seed 1, two at a time, each with a timeout (default 120 s). Programs read their data relative to their own
# directory, as `epic run` does. Per-file results go to published-siren.tsv in the current directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
snapshot="${1:?usage: run-published-siren.sh SNAPSHOT_DIR [PARTICLES] [TIMEOUT_SECONDS]}"
particles="${2:-10}"
timeout_s="${3:-120}"
out="$PWD/published-siren.tsv"
mapfile -t files < <(find "$snapshot" -name '*.si' | sort)
echo "${#files[@]} programs under $snapshot" >&2
"$root/epic" check --help >/dev/null   # builds once, before the parallel runs
checked="$(mktemp)"
"$root/epic" check "${files[@]}" >"$checked" 2>&1 || true
run_one() {
  local f="$1" status detail o e
  o="$(mktemp)"; e="$(mktemp)"
  if timeout "$((timeout_s + 30))" "$root/epic" run "$f" --particles "$particles" --seed 1 --timeout "$timeout_s" \
      >"$o" 2>"$e"; then
    status=ran; detail="$(head -c 200 "$o" | tr '\n\t' '  ')"
  else
    status=failed; detail="$(head -n 1 "$e" | head -c 300 | tr '\t' ' ')"
  fi
  rm -f "$o" "$e"
  printf '%s\t%s\t%s\n' "$f" "$status" "$detail"
}
export -f run_one
export root particles timeout_s
printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P 2 bash -c 'run_one "$0"' | sort >"$out"
parsed=0
for f in "${files[@]}"; do
  if grep -qF "$f: ok" "$checked"; then parsed=$((parsed + 1)); fi
done
ran="$(grep -c $'\tran\t' "$out" || true)"
echo "parsed: $parsed of ${#files[@]}"
echo "ran:    $ran of ${#files[@]} ($particles particles, SSI, seed 1; details in $out)"
echo "check failures:"; grep -v ': ok$' "$checked" | grep 'error' | cut -c1-200 | sort | uniq | head -20 || true
echo "run failures (first line of stderr, by count):"
grep $'\tfailed\t' "$out" | cut -f3 | sed -E 's/^[^:]*:[0-9]+:[0-9]+: //' | cut -c1-120 | sort | uniq -c | sort -rn | head -20 || true
rm -f "$checked"
