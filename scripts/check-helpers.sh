# Sourced by the end-to-end check scripts: "ok:"/"FAIL:" lines, a count of failures, and checks
# that run Python against the run store ($BATCHLAB_STORE, as sys.argv[1]).
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
check() { # check "description" python-code
    if python3 - "$BATCHLAB_STORE" <<<"$2"; then pass "$1"; else fail "$1"; fi
}
