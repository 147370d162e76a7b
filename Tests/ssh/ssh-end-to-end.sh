#!/usr/bin/env bash
# Over a real SSH link (run by .ci/run as root): sshd on a loopback port with a
# throwaway host key, key-only logins for two throwaway accounts in a team
# group. A supervisor opens the dashboard over SSH inside tmux and moves a fix;
# an account without a role cannot mark a call, by key or by command; an
# abruptly killed SSH client leaves a consistent store and no gapdesk behind.
set -uo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "ssh end-to-end: needs root (skipped)"; exit 0; }

bin_src=".build/debug/gapdesk"
[ -x "$bin_src" ] || swift build --product gapdesk >/dev/null
port=$((20000 + RANDOM % 20000))
group=gapdesk-team-ci
sup=gapdesk-ci-sup
ro=gapdesk-ci-ro
work=$(mktemp -d /tmp/gapdesk-ssh-XXXXXX)
chmod 755 "$work"
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   - $1"; else failed=$((failed + 1)); echo "FAIL - $1"; fi; }

cleanup() {
    tmux -L gapdesk-ssh kill-server 2>/dev/null
    [ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null
    pkill -KILL -u "$sup" 2>/dev/null; pkill -KILL -u "$ro" 2>/dev/null
    userdel -r "$sup" 2>/dev/null; userdel -r "$ro" 2>/dev/null; groupdel "$group" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# Throwaway accounts, keys and sshd.
groupadd -f "$group"
for user in "$sup" "$ro"; do
    id "$user" >/dev/null 2>&1 || useradd -m -G "$group" -s /bin/bash "$user"
    passwd -d "$user" >/dev/null 2>&1 || true
    mkdir -p "/home/$user/.ssh"
done
ssh-keygen -q -t ed25519 -N "" -f "$work/client_key"
ssh-keygen -q -t ed25519 -N "" -f "$work/host_key"
for user in "$sup" "$ro"; do
    cp "$work/client_key.pub" "/home/$user/.ssh/authorized_keys"
    chown -R "$user:$user" "/home/$user/.ssh"; chmod 700 "/home/$user/.ssh"; chmod 600 "/home/$user/.ssh/authorized_keys"
done
mkdir -p /run/sshd
cat > "$work/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
PidFile $work/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
UsePAM no
StrictModes no
AllowUsers $sup $ro
CONFIG
/usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log" || { echo "sshd did not start"; cat "$work/sshd.log"; exit 1; }
sleep 0.5

# A team store the group can write, with a supervisor and an account without a role.
mkdir -p "$work/shared"; chgrp "$group" "$work/shared"; chmod 2775 "$work/shared"
cp "$bin_src" "$work/gapdesk"; chmod 755 "$work/gapdesk"
db="$work/shared/team.sqlite"
now=2026-03-02T09:00:00Z
"$work/gapdesk" demo --no-ui --db "$db" --now "$now" --responses 600 >/dev/null
for file in "$db" "$db-writers"; do [ -e "$file" ] && chgrp "$group" "$file" && chmod 660 "$file"; done
"$work/gapdesk" user add "$sup" --role supervisor --db "$db" >/dev/null

ssh_to() {  # user, remote command
    echo "ssh -tt -i $work/client_key -p $port -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR $1@127.0.0.1 '$2'"
}
wait_for() {  # text, seconds (a generous ceiling: a busy machine is slow, never wrong)
    local deadline=$((SECONDS + ${2:-30}))
    while [ $SECONDS -lt $deadline ]; do
        tmux -L gapdesk-ssh capture-pane -p -t main 2>/dev/null | grep -qF "$1" && return 0
        sleep 0.2
    done
    tmux -L gapdesk-ssh capture-pane -p -t main 2>/dev/null | tail -5
    return 1
}
dashboard="LANG=C.UTF-8 $work/gapdesk --db $db --now $now"

# The supervisor moves a fix over SSH.
tmux -L gapdesk-ssh -f /dev/null new-session -d -s main -x 100 -y 30 "$(ssh_to "$sup" "$dashboard")"
check "supervisor's dashboard opens over SSH" 'wait_for "1 Callbacks"'
tmux -L gapdesk-ssh send-keys -t main 3; sleep 0.5
tmux -L gapdesk-ssh send-keys -t main f; sleep 0.5
tmux -L gapdesk-ssh send-keys -t main Enter  # saves: the owner as it is, effort and note optional
check "the supervisor moves a fix" 'wait_for "is now"'
check "the fix move is audited as the supervisor" '[ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = '"'"'fix.move'"'"' AND actor = '"'"'$sup'"'"'")" -ge 1 ]'

# An abrupt disconnect: kill the SSH client; the remote dashboard must end.
client=$(pgrep -f "ssh -tt -i $work/client_key.*$sup@127.0.0.1" | head -1)
check "found the SSH client" '[ -n "$client" ]'
kill -KILL "$client" 2>/dev/null
ended=no
for _ in $(seq 1 150); do pgrep -u "$sup" -f "$work/gapdesk" >/dev/null || { ended=yes; break; }; sleep 0.2; done
check "the remote dashboard ends when the link drops" '[ "$ended" = yes ]'
check "the store is consistent after the drop" '[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ]'
tmux -L gapdesk-ssh kill-server 2>/dev/null

# An account without a role can look but not mark a call.
tmux -L gapdesk-ssh -f /dev/null new-session -d -s main -x 100 -y 30 "$(ssh_to "$ro" "$dashboard")"
check "the look-only dashboard opens over SSH" 'wait_for "LOOK-ONLY"'
tmux -L gapdesk-ssh send-keys -t main c
check "pressing c is refused with a sentence" 'wait_for "has no role in this store"'
first_call=$(sqlite3 "$db" "SELECT id FROM callback WHERE done_at IS NULL ORDER BY due_at LIMIT 1")
out=$(ssh -i "$work/client_key" -p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$ro@127.0.0.1" \
      "$work/gapdesk call record $first_call --outcome thanked --db $db" 2>&1); status=$?
check "the command line refuses too, non-zero" '[ $status -ne 0 ] && echo "$out" | grep -q "has no role"'
check "nothing was recorded by the look-only account" '[ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE actor = '"'"'$ro'"'"'")" -eq 0 ]'
tmux -L gapdesk-ssh send-keys -t main q

echo "ssh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
