#!/usr/bin/env bash
# `itops demo`: the real stack, the services and a generated demo city, left running.
# bin/itops has put Node 24 on PATH, installed the npm packages and built dist/.
set -euo pipefail
cd "$ITOPS_ROOT"
export ITOPS_STATE="${ITOPS_STATE:-$ITOPS_ROOT/.itops}"
employees="${ITOPS_DEMO_EMPLOYEES:-2000}"
itops() { node "$ITOPS_ROOT/dist/apps/cli/src/main.js" "$@"; }

bash deploy/local/stack.sh up
bash deploy/local/services.sh up

today="$(TZ=Europe/Stockholm date +%F)"
period="${today:0:7}"
city="$ITOPS_STATE/demo"
# The same seed and date give the same city (docs/city.md).
itops city generate --employees "$employees" --seed 1 --start "$today" --out "$city"

itops login --role admin
itops customers import "$city/customers.csv"
itops billing price-list import "$city/price-list.csv"
# The city's AD groups (system access and licence groups) exist before anyone is given them; the
# business roles, licence catalogue and device fees are in place before the HR snapshot arrives,
# so every joiner gets birthright groups, licences and device orders on the way in.
node deploy/local/directory-groups.mjs "$city/access-rules.yaml" "$city/licences.yaml"
itops licence products import "$city/licences.yaml"
itops licence contracts import "$city/licences.yaml"
itops licence pools import "$city/licences.yaml"
itops devices fees "$city/device-fees.csv"
itops access rules import "$city/access-rules.yaml"
import="$(itops hr import "$city/hr-snapshot.csv" --json)"
# The city is a full snapshot: on a stack that already holds other employments (from tests, say)
# they are leavers, and more than 5 % of them holds the snapshot. The demo city replaces them.
snapshot="$(node -e 'const r=JSON.parse(process.argv[1]);console.log(r.held?r.snapshotId:"")' "$import")"
if [ -n "$snapshot" ]; then
  echo "itops: the stack held other employments; approving the demo city's snapshot $snapshot, which ends them"
  itops hr approve "$snapshot"
fi
# shellcheck disable=SC2016 # the backquotes are JavaScript, not shell
node -e 'const r=JSON.parse(process.argv[1]);const c=r.changes;console.log(`hr import: ${r.accepted} accepted, ${r.rejected.length} rejected; ${c.joiners} joiners, ${c.movers} movers, ${c.leavers} leavers, ${c.unchanged} unchanged`)' "$import"

# The accounts reach AD, the ledger and billing over a while. Counting them against the number of
# employees does not work (several employments per person, future starts, leavers), so wait until
# the month's KONTO volume has stopped changing for a few polls, or give up after five minutes.
konto_volume() {
  itops billing run --period "$period" --json | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const run = JSON.parse(s);
      const lines = (run.invoices ?? []).flatMap((invoice) => invoice.lines ?? []);
      console.log(lines.filter((line) => line.offering === "KONTO").reduce((n, line) => n + Number(line.quantity), 0));
    });'
}
echo "itops: waiting for the accounts to reach AD, the ledger and billing..."
last=""
steady=0
settled=false
for _ in $(seq 1 150); do
  volume="$(konto_volume)"
  if [ "$volume" != "0" ] && [ "$volume" = "$last" ]; then steady=$((steady + 1)); else steady=0; fi
  if [ "$steady" -ge 5 ]; then settled=true; break; fi
  last="$volume"
  sleep 2
done
if [ "$settled" != true ]; then
  echo "itops: the KONTO volume was still changing ($volume accounts); the invoice below is a snapshot of it" >&2
fi
itops billing run --period "$period"

cat <<MSG

The demo city runs: $employees employees of $(($(wc -l < "$city/customers.csv") - 1)) customers, their accounts in Samba AD
(ldaps://127.0.0.1:636, OU=itops,DC=itops,DC=test), volumes in the ledger, a draft invoice for $period.
Its files are in $city (docs/city.md).
Try:  bin/itops metering ledger --customer N138 --period $period --offering KONTO
      bin/itops accounts show <sAMAccountName>
      bin/itops access reconcile                  (AD against HR, roles and requests; --apply fixes)
      bin/itops access simulate --rules $city/access-rules.yaml
      bin/itops licence harvest --customer N138   (and savings, pools list)
      bin/itops devices list --status ORDERED     (PCs ordered for joiners whose role needs one)
      bin/itops hr import $city/hr-snapshot-next.csv --dry-run   (next month: joiners, movers, leavers as in changes.json)
Stop: bin/itops stack down
MSG
