#!/usr/bin/env bash
# A real single-node Slurm (Debian's slurm-wlm 22.05, munge) with burst_buffer/lua running Meridian's
# deploy/slurm/burst_buffer.lua, for SlurmStageInTest. Run as root (or with passwordless sudo, which the
# test uses). Installs slurm-wlm and munge with apt when missing (exit 10 when it cannot), starts munged
# (unless one answers already), slurmctld and slurmd on the given ports with everything under WORK, submits
# two jobs as an ordinary user (Slurm refuses burst buffers to root) and waits for them:
#   ok    `#BB_LUA meridian stage site=gpu-east prefix=PREFIX`: prints its start time (epoch ms) and lists
#         GPU_DIR; waits until it has COMPLETED (exit 11 when not within 150 s)
#   nosite `#BB_LUA meridian stage prefix=PREFIX`: sbatch must refuse it (exit 14 when it is queued)
#   mars  `#BB_LUA meridian stage site=mars prefix=PREFIX`: waits until Slurm holds it with Meridian's
#         reason (exit 12 when not within 60 s), then cancels it
# Prints KEY=VALUE lines: NOSITE_REFUSAL, OK_JOB, OK_STATE, OK_OUT (its output file), MARS_JOB, MARS_REASON,
# AFTER_TEARDOWN (`meridian stage ls` once the ok job's teardown released its request). Stops the daemons it
# started (by pid) on exit, whatever happened.
#
# usage: single-node.sh WORK LUA_SCRIPT MERIDIAN_BIN MERIDIAN_URL PREFIX GPU_DIR CTLD_PORT SLURMD_PORT
set -euo pipefail
work=$1 lua=$2 meridian_bin=$3 meridian_url=$4 prefix=$5 gpu_dir=$6 ctld_port=$7 slurmd_port=$8
user=meridian-slurm-test
libdir=/usr/lib/x86_64-linux-gnu/slurm-wlm

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
    || ! ls "$libdir"/burst_buffer_lua.so /usr/lib/*/slurm-wlm/burst_buffer_lua.so >/dev/null 2>&1; then
  echo "installing slurm-wlm and munge with apt-get" >&2
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge; } >&2 \
    || { echo "FAILED: cannot install slurm-wlm and munge with apt-get" >&2; exit 10; }
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 143' TERM INT   # so that a killed run still stops its daemons

# munge: /run/munge owned by munge; reuse a munged that answers
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  install -d -o munge -g munge -m 0755 /run/munge
  [ -f /etc/munge/munge.key ] || { mungekey -c -k /etc/munge/munge.key && chown munge:munge /etc/munge/munge.key; }
  runuser -u munge -- /usr/sbin/munged --foreground --pid-file="$work/munged.pid" >"$work/munged.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null
fi

id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /bin/bash "$user"
host=$(hostname -s)
etc="$work/etc"
mkdir -p "$etc" "$work/ctld" "$work/slurmd" "$work/jobs"
install -d -m 1777 "$work/out"
chmod 755 "$work"
cp "$lua" "$etc/burst_buffer.lua"
printf 'MERIDIAN_BIN=%s\nMERIDIAN_URL=%s\n' "$meridian_bin" "$meridian_url" > "$etc/burst_buffer_meridian.conf"
cat > "$etc/slurm.conf" <<CONF
ClusterName=meridiantest
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
StateSaveLocation=$work/ctld
SlurmdSpoolDir=$work/slurmd
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
DebugFlags=BurstBuffer
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=5
SelectType=select/cons_tres
BurstBufferType=burst_buffer/lua
ReturnToService=2
MailProg=/bin/true
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
cat > "$etc/burst_buffer.conf" <<CONF
StageInTimeout=300
StageOutTimeout=60
OtherTimeout=60
CONF
export SLURM_CONF="$etc/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" >>"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$host" -f "$SLURM_CONF" >>"$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 150); do
  [ "$(sinfo -h -o %T 2>/dev/null | head -n1)" = idle ] && break
  sleep 0.2
done
[ "$(sinfo -h -o %T | head -n1)" = idle ] || { echo "FAILED: the node is not idle: $(sinfo 2>&1)" >&2; tail -20 "$work/slurmctld.log" >&2; exit 13; }

cat > "$work/jobs/ok.sh" <<JOB
#!/bin/bash
#BB_LUA meridian stage site=gpu-east prefix=$prefix
echo "started \$(date +%s%3N)"
ls -1 "$gpu_dir"
JOB
cat > "$work/jobs/mars.sh" <<JOB
#!/bin/bash
#BB_LUA meridian stage site=mars prefix=$prefix
echo "should never run"
JOB
cat > "$work/jobs/nosite.sh" <<JOB
#!/bin/bash
#BB_LUA meridian stage prefix=$prefix
echo "should never be queued"
JOB
chmod 755 "$work/jobs" "$work/jobs/"*.sh

submit() { runuser -u "$user" -- env SLURM_CONF="$SLURM_CONF" sbatch --parsable -o "$work/out/%j.out" -D "$work/out" "$1"; }
if nosite=$(submit "$work/jobs/nosite.sh" 2>&1); then
  echo "FAILED: a job without site= was queued: $nosite" >&2; exit 14
fi
echo "NOSITE_REFUSAL=$(echo "$nosite" | tr '\n' ' ')"
ok=$(submit "$work/jobs/ok.sh")
mars=$(submit "$work/jobs/mars.sh")
echo "OK_JOB=$ok"
echo "MARS_JOB=$mars"

state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n1; }
reason=""
for _ in $(seq 300); do
  reason=$(scontrol show job "$mars" | sed -n 's/^ *JobState=.* Reason=\(.*\) Dependency=.*/\1/p')
  case "$reason" in *meridian*) break ;; esac
  sleep 0.2
done
echo "MARS_REASON=$reason"
echo "MARS_STATE=$(state "$mars")"
scancel "$mars" || true
case "$reason" in *meridian*) ;; *) echo "FAILED: job $mars was not held with Meridian's reason: $(scontrol show job "$mars")" >&2; exit 12 ;; esac

for _ in $(seq 750); do
  case "$(state "$ok")" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL) break ;; esac
  sleep 0.2
done
echo "OK_STATE=$(state "$ok")"
echo "OK_OUT=$work/out/$ok.out"
[ "$(state "$ok")" = COMPLETED ] || { echo "FAILED: job $ok: $(scontrol show job "$ok")" >&2; tail -30 "$work/slurmctld.log" >&2; exit 11; }
# teardown runs after completion: wait until the pins are released
for _ in $(seq 150); do
  "$meridian_bin" stage ls --url "$meridian_url" | grep -q "slurm-$ok" || break
  sleep 0.2
done
echo "AFTER_TEARDOWN=$("$meridian_bin" stage ls --url "$meridian_url" | tr '\n' '|')"
