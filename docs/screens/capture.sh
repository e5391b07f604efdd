#!/usr/bin/env bash
# Capture every screen of every command, in Chinese and English, as a person sees it in a
# terminal of 80 × 30 (tmux), into docs/screens/<name>.<lang>.txt.
#
#   docs/screens/capture.sh            # from the repository root, with flexcalc on PATH
#
# Needs tmux (apt-get install tmux). Not part of the tests or CI: run it after a change to a
# screen and look at the diff. Each command runs in its own tmux session on a private socket;
# the whole scroll-back is kept, so a long screen is captured in full, wrapped at 80 columns.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v tmux >/dev/null || { echo "capture.sh: tmux is not installed (apt-get install tmux)" >&2; exit 2; }
command -v flexcalc >/dev/null || { echo "capture.sh: flexcalc is not on PATH (pip install -e .)" >&2; exit 2; }

OUT=docs/screens
SOCKET=flexcalc-capture-$$
WIDTH=80
HEIGHT=30
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true' EXIT

# name | flags | command (flexcalc … without --lang; the script adds it unless flags say nolang)
SCREENS=(
  "check-urumqi||flexcalc check --city urumqi --as-of 2023-06-30 examples/urumqi_incubator.json"
  "check-xining||flexcalc check --city xining --as-of 2023-06-30 examples/xining_partnership.json"
  "check-lianyungang||flexcalc check --city lianyungang --as-of 2023-06-30 examples/lianyungang_graduate.json"
  "check-dalian||flexcalc check --city dalian --as-of 2023-12-31 examples/dalian_graduate.json"
  "check-weihai||flexcalc check --city weihai --as-of 2026-06-30 examples/weihai_startup.json"
  "explain||flexcalc explain --city weihai --as-of 2026-06-30 examples/weihai_startup.json"
  "notice||flexcalc check --city weihai --as-of 2026-06-30 --format markdown examples/weihai_startup.json"
  "compare||flexcalc compare --as-of 2026-06-30 examples/weihai_startup.json"
  "compare-2023||flexcalc compare --as-of 2023-06-30 examples/urumqi_incubator.json"
  "policy-urumqi||flexcalc policy --city urumqi --as-of 2023-06-30"
  "policy-xining||flexcalc policy --city xining --as-of 2023-06-30"
  "policy-lianyungang||flexcalc policy --city lianyungang --as-of 2023-06-30"
  "policy-dalian||flexcalc policy --city dalian --as-of 2023-12-31"
  "policy-weihai||flexcalc policy --city weihai --as-of 2026-06-30"
  "cities||flexcalc cities"
  "schema||flexcalc schema"
  "validate||flexcalc validate"
  "batch||flexcalc batch examples/registry.jsonl --as-of 2023-06-30 -o /tmp/flexcalc-capture.jsonl"
  "batch-summary||flexcalc batch examples/registry.jsonl --as-of 2023-06-30 --summary-only"
  "interview||printf '8\\n1\\n退役军人\\n4\\n2021-02-30\\n2021-03-01\\n6\\n电子商务师\\n8000\\nskip\\n1\\n' | flexcalc interview --city weihai --as-of 2021-09-30"
  "stdin-at-a-terminal||flexcalc check --city weihai --as-of 2026-06-30 -"
  "usage-error||flexcalc check --cty weihai examples/weihai_startup.json"
  "unknown-city||flexcalc check --city beijing examples/weihai_startup.json"
  "help|nolang|flexcalc --help"
  "help-check||flexcalc check --help"
)

capture() {  # name, lang, command, flags
  local name=$1 lang=$2 cmd=$3 flags=$4 session=cap
  local file="$OUT/$name.$lang.txt" script
  [[ $flags == nolang ]] && file="$OUT/$name.txt" || cmd="$cmd --lang $lang"
  script=$(mktemp)
  printf '%s\necho "[exit $?]"\nsleep 3600\n' "$cmd" >"$script"
  tmux -L "$SOCKET" -f /dev/null new-session -d -s "$session" -x "$WIDTH" -y "$HEIGHT" "bash $script"
  if [[ $name == stdin-at-a-terminal ]]; then  # show the waiting line, then give a profile and end it
    sleep 2
    tmux -L "$SOCKET" send-keys -t "$session" '{}' Enter C-d
  fi
  for _ in $(seq 1 300); do
    tmux -L "$SOCKET" capture-pane -p -t "$session" -S - | grep -q '^\[exit [0-9]*\]' && break
    sleep 0.1
  done
  {
    printf '$ %s\n' "$cmd"
    tmux -L "$SOCKET" capture-pane -p -t "$session" -S - -E - | sed -e 's/[[:space:]]*$//' \
      | awk '{ lines[NR] = $0 } $0 != "" { last = NR } END { for (i = 1; i <= last; i++) print lines[i] }'
  } >"$file"
  tmux -L "$SOCKET" kill-session -t "$session"
  rm -f "$script"
  printf '%-44s %4d lines\n' "$file" "$(wc -l <"$file")"
}

tmux -L "$SOCKET" -f /dev/null start-server \; set-option -g history-limit 50000 \; \
  new-session -d -s keep -x "$WIDTH" -y "$HEIGHT"  # keeps the server (and its options) for the run

for entry in "${SCREENS[@]}"; do
  IFS='|' read -r name flags cmd <<<"$entry"
  for lang in zh en; do
    capture "$name" "$lang" "$cmd" "$flags"
    [[ $flags == nolang ]] && break
  done
done
