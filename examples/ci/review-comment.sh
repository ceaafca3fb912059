#!/usr/bin/env bash
# Build the PR comment for every spec a change touches: the semantic diff against the base revision
# (scopes added/removed and the consent warning included) and the data-access audit of the new version.
#
#   examples/ci/review-comment.sh BASE_REV [OUTPUT]      (OUTPUT defaults to forgewright-review.md)
#
# Exits 0 even when specs differ (that is what a PR is for); exits non-zero when forgewright reports a
# bad spec (1) or a usage problem (2), so the job fails the same way `forgewright check` would.
set -euo pipefail

base="${1:?usage: review-comment.sh BASE_REV [OUTPUT]}"
out="${2:-forgewright-review.md}"
marker="<!-- forgewright-review -->"

# File names come from the pull request: show them as inert text (HTML-escaped, no backticks).
esc() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/`/\&#96;/g'; }

mapfile -d '' changed < <(git diff -z --name-only --diff-filter=ACMRD "$base" -- '*.appspec')

{
  echo "$marker"
  echo "## forgewright review"
  echo
  if [ "${#changed[@]}" -eq 0 ]; then
    echo "No \`.appspec\` file changed."
  fi
  for spec in "${changed[@]}"; do
    if [ ! -e "$spec" ]; then
      echo "### <code>$(esc "$spec")</code> was deleted"
      echo
      echo "The app it described is no longer built from this repository."
      echo
      continue
    fi
    if git cat-file -e "$base:$spec" 2>/dev/null; then
      forgewright diff --git "$base" "$spec" --format markdown
    else
      echo "### <code>$(esc "$spec")</code> is new"
      echo
    fi
    echo
    echo "<details><summary>Data-access audit of <code>$(esc "$spec")</code></summary>"
    echo
    forgewright audit "$spec" --format markdown
    echo
    echo "</details>"
    echo
  done
} > "$out"
echo "wrote $out (${#changed[@]} spec(s))"
