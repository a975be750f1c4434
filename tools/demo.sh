#!/usr/bin/env bash
# `itops demo`: the real stack, the services and a small demo city, left running.
# bin/itops has put Node 24 on PATH, installed the npm packages and built dist/.
set -euo pipefail
cd "$ITOPS_ROOT"
export ITOPS_STATE="${ITOPS_STATE:-$ITOPS_ROOT/.itops}"
employees="${ITOPS_DEMO_EMPLOYEES:-40}"
itops() { node "$ITOPS_ROOT/dist/apps/cli/src/main.js" "$@"; }

bash deploy/local/stack.sh up
bash deploy/local/services.sh up

today="$(TZ=Europe/Stockholm date +%F)"
period="${today:0:7}"
mkdir -p "$ITOPS_STATE/demo"
node deploy/demo/make-snapshot.mjs "$employees" "$today" > "$ITOPS_STATE/demo/hr-snapshot.csv"

itops login --role admin
itops customers import deploy/demo/customers.csv
itops billing price-list import deploy/demo/price-list.csv
itops hr import "$ITOPS_STATE/demo/hr-snapshot.csv"

echo "itops: waiting for the accounts to reach AD, the ledger and billing..."
for _ in $(seq 1 60); do
  total="$(itops billing run --period "$period" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.invoices.reduce((n,i)=>n+i.lines.reduce((m,l)=>m+Number(l.quantity),0),0))})')"
  [ "$total" -ge "$employees" ] && break
  sleep 2
done
itops billing run --period "$period"

cat <<MSG

The demo city runs: $employees employees of $(($(wc -l < deploy/demo/customers.csv) - 1)) customers, their accounts in Samba AD
(ldaps://127.0.0.1:636, OU=itops,DC=itops,DC=test), volumes in the ledger, a draft invoice for $period.
Try:  bin/itops metering ledger --customer N138 --period $period
      bin/itops accounts show <sAMAccountName>
Stop: bin/itops stack down
MSG
