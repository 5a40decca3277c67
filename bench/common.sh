# Shared by the benchmarks (sourced, not run): wrk settings, a release build of haven, and medians.
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (or run scripts/install-test-deps.sh)" >&2; exit 1; }
swift build -c release --product haven >&2
BIN=$(swift build -c release --show-bin-path)/haven

# The median of the space-separated numbers on standard input.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
