# SPDX-License-Identifier: GPL-2.0
# Exit counters for the benchmark scenarios (bench-cells, bench-links).
# Source it after lib.sh:
#     . /scenarios/bench-lib.sh

STATS="total hvc psci mmio sysreg irq maintenance sgi smc other"

# bench_counters DIR: "k=v" for every exit counter under DIR/statistics
# (a cell's: the sum over its CPUs).
bench_counters() {
	for _k in $STATS; do
		printf '%s=%s ' "$_k" "$(rd "$1/statistics/exits_$_k")"
	done
}

# bench_delta BEFORE AFTER [PREFIX]: "PREFIXk=v" for every counter, v the
# AFTER's minus the BEFORE's, "?" when one of them was not a number.
bench_delta() {
	for _k in $STATS; do
		_b=$(echo "$1" | tr ' ' '\n' | sed -n "s/^$_k=//p")
		_a=$(echo "$2" | tr ' ' '\n' | sed -n "s/^$_k=//p")
		case $_a$_b in
		''|*[!0-9]*) printf '%s%s=? ' "${3:-}" "$_k";;
		*) printf '%s%s=%s ' "${3:-}" "$_k" $((_a - _b));;
		esac
	done
}
