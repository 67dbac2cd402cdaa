#!/usr/bin/env bash
# The nightly hardware-in-the-loop job of one CI runner, so the pipeline YAML
# stays thin: run the job on each board, check each run against its pinned
# baseline (pinned on the key's first passing night; move it on purpose with
# `hilbench baseline set`) and the trend of its last comparable runs, and
# write the reports.
#
#   ci/nightly.sh [--limit N] [--model M.tflite --dataset PATH] [--per-op] [--confirm N] BOARDS DB OUTDIR
#     --confirm N  re-measure a suspected timing regression N times on the board
#             before failing the night (hilbench check --confirm; default 0)
#     BOARDS  comma-separated board names (boards/<name>.json): h747 | sim,qemu-m7,qemu-m33,mp157-qemu
#     DB      this host's run store. Keep it between nights: it holds the pinned
#             baselines and the series (a lab directory, or a CI cache).
#     OUTDIR  gets hilbench.db (a consistent snapshot of DB, for the merge job),
#             report.md, report.html, report.json, junit.xml, runs/<board>.{json,log},
#             check-<board>.{txt,xml}, summary.md (also appended to
#             $GITHUB_STEP_SUMMARY when set)
#   ci/nightly.sh --merge MERGED_DB OUTDIR SRC_DB...
#     merges the hosts' snapshots (hilbench db merge) and writes the reports of the result.
#
# Without --model/--dataset each board runs hilbench's default job.
# Environment: HILBENCH = the hilbench binary (default: build/hilbench
# of this checkout, else hilbench on PATH).
# Exit status: 0 all passed; 1 a run failed, was not bit-exact or regressed
# (the reports are written anyway); 2 usage error. A check that could not
# compare (exit 2, or a rule marked NOT COMPARABLE) does not fail the job but
# is reported loudly in the log and the job summary.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

root="$(cd "$(dirname "$0")/.." && pwd)"
hb="${HILBENCH:-}"
if [[ -z "$hb" ]]; then
  if [[ -x "$root/build/hilbench" ]]; then
    hb="$root/build/hilbench"
  else
    hb="$(command -v hilbench || true)"
  fi
fi
[[ -n "$hb" && -x "$hb" ]] || { echo "ci/nightly.sh: hilbench not found (build it: ci/build.sh, or set HILBENCH)" >&2; exit 2; }

log() { echo "ci/nightly.sh: $*" >&2; }

# All four reports of a store; report failures are errors (exit 2 from hilbench).
write_reports() {
  local db="$1" out="$2" fmt ext name
  for fmt in md html json junit; do
    case "$fmt" in junit) ext=xml; name=junit ;; *) ext="$fmt"; name=report ;; esac
    "$hb" report --db "$db" --format "$fmt" --out "$out/$name.$ext"
  done
}

# A copy of a WAL-mode store that is consistent even while another process
# writes it. The paths are arguments, never spliced into a dot-command: the
# backup goes to a fixed name in the copy's directory, then is moved.
snapshot() {
  local db="$1" copy="$2" dir db_abs
  rm -f "$copy"
  if command -v sqlite3 >/dev/null; then
    dir="$(dirname "$copy")"
    db_abs="$(cd "$(dirname "$db")" && pwd)/$(basename "$db")"
    (cd "$dir" && rm -f .hb-snapshot.db && sqlite3 -bail "$db_abs" ".backup .hb-snapshot.db")
    mv -f "$dir/.hb-snapshot.db" "$copy"
  else
    cp "$db" "$copy"
  fi
}

# The job summary: summary.md in OUTDIR, and GitHub's step summary when set.
summary() {
  echo "$*" >>"$out/summary.md"
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then echo "$*" >>"$GITHUB_STEP_SUMMARY"; fi
}

if [[ "${1:-}" == "--merge" ]]; then
  (($# >= 4)) || usage
  merged="$2" out="$3"
  shift 3
  mkdir -p "$out" "$(dirname "$merged")"
  srcs=()
  for s in "$@"; do
    if [[ -f "$s" ]]; then srcs+=("$s"); else log "skipping missing store $s"; fi
  done
  ((${#srcs[@]})) || { log "no stores to merge"; exit 2; }
  "$hb" db merge "$merged" "${srcs[@]}"
  write_reports "$merged" "$out"
  log "merged ${#srcs[@]} stores into $merged; reports in $out"
  exit 0
fi

limit=() model=() per_op=() confirm=()
while (($#)); do
  case "$1" in
    --limit) (($# >= 2)) || usage; limit=(--limit "$2"); shift 2 ;;
    --model) (($# >= 2)) || usage; model+=(--model "$2"); shift 2 ;;
    --dataset) (($# >= 2)) || usage; model+=(--dataset "$2"); shift 2 ;;
    --per-op) per_op=(--per-op); shift ;;
    --confirm) (($# >= 2)) || usage; confirm=(--confirm "$2"); shift 2 ;;
    -h|--help) usage ;;
    --*) log "unknown option $1"; usage ;;
    *) break ;;
  esac
done
(($# == 3)) || usage
IFS=',' read -r -a boards <<<"$1"
db="$2" out="$3"
((${#boards[@]})) || usage
mkdir -p "$out/runs" "$(dirname "$db")"
: >"$out/summary.md"
summary "## hilbench nightly"

status=0
for b in "${boards[@]}"; do
  [[ "$b" =~ ^[A-Za-z0-9_-]+$ ]] || { log "bad board name '$b'"; exit 2; }
  log "board $b: run"
  rc=0
  "$hb" run --board "$b" --db "$db" --json "${limit[@]}" "${model[@]}" "${per_op[@]}" \
    >"$out/runs/$b.json" 2>"$out/runs/$b.log" || rc=$?
  case "$rc" in
    0) ;;
    1) log "board $b: run finished with mismatches (exit 1)"; status=1 ;;
    *) log "board $b: run failed (exit $rc): $(tail -n 3 "$out/runs/$b.log")"; status=1 ;;
  esac
  # The run's own id, not 'last': another process may share the store.
  run_id="$(grep -oE '"run_id": *[0-9]+' "$out/runs/$b.json" | head -n 1 | grep -oE '[0-9]+$' || true)"
  if [[ -z "$run_id" ]]; then
    log "board $b: no run stored, nothing to check"
    continue
  fi
  rc=0
  # No --baseline: the key's pinned baseline (else the previous run), plus the trend.
  "$hb" check "$run_id" --db "$db" "${confirm[@]}" --junit "$out/check-$b.xml" >"$out/check-$b.txt" 2>&1 || rc=$?
  result="$(grep -E '^result: ' "$out/check-$b.txt" | tail -n 1 || true)"
  case "$rc" in
    0) log "board $b: run $run_id checked: pass" ;;
    1) log "board $b: run $run_id REGRESSED (see check-$b.txt)"; status=1 ;;
    2) log "board $b: run $run_id NOT COMPARABLE with its baseline (exit 2, see check-$b.txt)" ;;
    *) log "board $b: check of run $run_id failed (exit $rc): $(tail -n 3 "$out/check-$b.txt")"; status=1 ;;
  esac
  case "$rc" in
    0) word=pass ;;
    1) word="**REGRESSION**" ;;
    2) word="**NOT COMPARABLE** (nothing could be compared with the baseline: fix the setup or move the baseline)" ;;
    *) word="**CHECK FAILED** (exit $rc)" ;;
  esac
  summary "- $b, run $run_id: $word — \`${result#result: }\`"
  if [[ "$rc" != 2 ]] && grep -q 'NOT COMPARABLE' <<<"$result"; then
    summary "  - :warning: **NOT COMPARABLE**: some rules could not use the baseline (see check-$b.txt)"
    log "board $b: run $run_id: some rules NOT COMPARABLE (see check-$b.txt)"
  fi
  # The first passing night of a key pins its baseline; later ones never move it.
  if [[ "$rc" == 0 ]] && ! grep -qE "^check run [0-9]+ \([0-9a-f]+\) vs run [0-9]+ \([0-9a-f]+\), baseline '" \
    "$out/check-$b.txt"; then
    if "$hb" baseline set "$run_id" --db "$db" >>"$out/check-$b.txt" 2>&1; then
      log "board $b: run $run_id pinned as the baseline of its key"
      summary "  - run $run_id pinned as the baseline (move it on purpose: hilbench baseline set RUN)"
    else
      log "board $b: could not pin run $run_id as the baseline (see check-$b.txt)"
    fi
  fi
done

snapshot "$db" "$out/hilbench.db"
write_reports "$out/hilbench.db" "$out"
log "reports in $out (exit $status)"
exit "$status"
